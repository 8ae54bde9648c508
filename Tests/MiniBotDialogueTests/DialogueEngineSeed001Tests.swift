import MiniBotDialogue
import MiniBotLanguage
import Testing

/// Reproduces seed 001's example call log with `scenarios/finance_agent.json`.
@Suite struct DialogueEngineSeed001Tests {
    @Test func exampleCallEndsAsLeadWithScore100() throws {
        let scenario = try shippedScenario("finance_agent")
        let classifier = FakeClassifier()
        var engine = DialogueEngine(scenario: scenario, matcher: FakeMatcher(),
                                    contact: ["first_name": "Jean", "last_name": "Dupont"])

        let hello = engine.handle(.callAnswered)
        #expect(hello.prompts.map(\.stepID) == ["Hello"])
        #expect(hello.prompts.first?.text == "Allô, bonjour Jean Dupont. Je suis Julie de notre banque.")

        func answer(_ text: String) -> [DialogueAction] {
            engine.handle(.utterance(text: text, intent: classifier.classify(text)))
        }

        let q1 = answer("Oui je vous écoute")
        #expect(q1.prompts.map(\.stepID) == ["Q1"])
        #expect(q1.prompts.first?.text == "Avez-vous actuellement un crédit immobilier ?")

        let objection = answer("Oui mais c'est trop cher vos taux")
        #expect(objection.prompts.isEmpty, "the rail stays on Q1 during an autonomous turn")
        let played = try #require(objection.answers.first)
        #expect(played.source == .objection(id: "finance_1_trop_cher", score: 0.9))
        #expect(played.audioFile == "finance_1_trop_cher.wav")
        #expect(objection.railReturns.count == 1)
        #expect(DialoguePhrases.defaultRailReturnQuestions.contains(objection.railReturns[0]))
        #expect(objection.contains(.listen(timeout: 15)))
        #expect(engine.state.currentStepID == "Q1")
        #expect(engine.state.autonomousTurnsUsed == 1)

        let q2 = answer("Oui effectivement")
        #expect(q2.prompts.map(\.stepID) == ["Q2"])
        #expect(engine.state.score == 30)

        let isLeads = answer("Oui pourquoi pas")
        #expect(isLeads.prompts.map(\.stepID) == ["Is_Leads"])
        #expect(engine.state.score == 60)

        let end = answer("Oui d'accord")
        #expect(end.prompts.map(\.stepID) == ["Confirm_Time", "Bye"])
        #expect(end.prompts.last?.text == "Merci Jean Dupont et excellente journée !")
        let outcome = try #require(end.outcome)
        #expect(outcome.result == .lead)
        #expect(outcome.score == 100)
        #expect(outcome.stepID == "Bye")
        #expect(outcome.label == "completed")
        #expect(outcome.reason.contains("score 100 ≥ threshold 70"))
        #expect(engine.isFinished)
        // The hang-up comes after Bye's prompt, and nothing happens after the end.
        let hangUpIndex = try #require(end.firstIndex { if case .hangUp = $0 { true } else { false } })
        let byeIndex = try #require(end.firstIndex { if case .playStep(let p) = $0 { p.stepID == "Bye" } else { false } })
        #expect(byeIndex < hangUpIndex)
        #expect(engine.handle(.silenceTimeout).outcome == nil)
    }

    @Test func everyTransitionIsExplained() throws {
        var engine = DialogueEngine(scenario: try shippedScenario("finance_agent"), matcher: FakeMatcher())
        _ = engine.handle(.callAnswered)
        _ = engine.handle(say("oui", .affirm))
        let deny = engine.handle(say("non", .deny))
        #expect(deny.traces.contains("intent deny on determinant step Q1 → bye_failed"))
        #expect(deny.outcome?.result == .notInterested)
    }

    @Test func partialQualificationBelowThresholdIsNotInterested() throws {
        var engine = DialogueEngine(scenario: try shippedScenario("finance_agent"), matcher: FakeMatcher())
        _ = engine.handle(.callAnswered)
        _ = engine.handle(say("oui", .affirm))            // Hello → Q1
        _ = engine.handle(say("peut-être", .unsure))      // Q1 → Q2, no score
        _ = engine.handle(say("oui", .affirm))            // Q2 +30 → Is_Leads
        let end = engine.handle(say("oui", .affirm))      // Is_Leads +40 → 70 → LEAD (at the threshold)
        #expect(end.outcome?.result == .lead)
        #expect(end.outcome?.score == 70)
    }
}
