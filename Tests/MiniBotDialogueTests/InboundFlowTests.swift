import MiniBotDialogue
import MiniBotLanguage
import Testing

/// Seed 004's after-sales flow with `scenarios/sav_inbound.json`.
@Suite struct InboundFlowTests {
    func started() throws -> DialogueEngine {
        var engine = DialogueEngine(scenario: try shippedScenario("sav_inbound"), matcher: EmptyMatcher())
        let welcome = engine.handle(.callAnswered)
        #expect(welcome.prompts.map(\.stepID) == ["welcome"])
        #expect(welcome.prompts.first?.timeout == 8)
        return engine
    }

    @Test func internetProblemSolvedEndsWithGoodbye() throws {
        var engine = try started()
        _ = engine.handle(say("j'ai un problème avec mon internet", .notUnderstood))
        let identification = engine.handle(say("Pierre Dupont 06 12 34 56 78", .notUnderstood))
        #expect(identification.contains(.setVariable(name: "user_info", value: "Pierre Dupont 06 12 34 56 78")))
        #expect(identification.prompts.map(\.stepID) == ["diagnostic"])
        let solution = engine.handle(say("c'est ma box internet", .notUnderstood))
        #expect(solution.prompts.map(\.stepID) == ["solution_internet"])
        #expect(solution.traces.last { $0.contains("keyword") }?.contains("keyword \"box\" → solution_internet") == true)
        #expect(engine.handle(say("c'est fait", .affirm)).prompts.map(\.stepID) == ["verification"])
        let end = engine.handle(say("oui c'est bon", .affirm))
        #expect(end.prompts.map(\.stepID) == ["goodbye_resolved"])
        #expect(end.outcome?.label == "resolved")
    }

    @Test func mobileProblemNotSolvedIsTransferred() throws {
        var engine = try started()
        _ = engine.handle(say("bonjour", .notUnderstood))
        _ = engine.handle(say("Marie Martin", .notUnderstood))
        #expect(engine.handle(say("mon portable ne capte plus", .notUnderstood)).prompts.map(\.stepID) == ["solution_mobile"])
        _ = engine.handle(say("voilà", .affirm))
        let actions = engine.handle(say("non ça ne marche toujours pas", .deny))
        let transfer = actions.compactMap { if case .transfer(let target, let outcome) = $0 { (target, outcome) } else { nil } }.first
        #expect(transfer?.0 == "technicien")
        #expect(transfer?.1.label == "transferred")
        #expect(engine.isFinished)
    }

    @Test func silenceSaysStillThereThenHangsUp() throws {
        var engine = try started()
        let first = engine.handle(.silenceTimeout)
        #expect(first.answers.map(\.text) == ["Allô, vous êtes toujours là ?"])
        #expect(first.contains(.listen(timeout: 7)), "15 s hang-up minus the 8 s warning")
        #expect(first.outcome == nil)
        #expect(engine.handle(.silenceTimeout).outcome?.result == .noAnswer)
    }
}
