import MiniBotDialogue
import Testing

@Suite struct ScenarioWizardTests {
    /// Answers in the order of seed 000 §4.1.
    static let answers = [
        "rdv_energie", "Prise de RDV audit énergétique", "", "EcoEnergie", "Julie", "2",
        "3", "Êtes-vous propriétaire de votre logement ?", "Votre logement a-t-il plus de 15 ans ?",
        "Vos factures de chauffage vous semblent-elles élevées ?", "",
        "4", "O", "2",
        "oui", "non", "non",
        "30", "20", "20", "30", "70",
    ]

    func run(_ answers: [String], voices: [String] = ["julie", "marc"]) -> (ScenarioWizard, [ScenarioWizard.Step]) {
        var wizard = ScenarioWizard(voices: voices)
        var steps: [ScenarioWizard.Step] = []
        for line in answers { steps.append(wizard.answer(line)) }
        return (wizard, steps)
    }

    @Test func fullRunProducesAScenarioThatValidates() throws {
        let (wizard, steps) = run(Self.answers)
        #expect(wizard.currentQuestion == nil)
        guard case .finished(let scenario) = steps.last else {
            Issue.record("wizard did not finish: \(String(describing: steps.last))")
            return
        }
        #expect(wizard.scenario == scenario)
        #expect(ScenarioValidator().validate(scenario).issues == [])
        #expect(scenario.metadata.voice == "marc")
        #expect(scenario.metadata.themeFile == "objections_energie")
        #expect(scenario.metadata.objective == "Prise de rendez-vous")
        #expect(scenario.steps.map(\.id) == ["hello", "retry_hello", "retry_silence", "q1", "q2", "q3", "is_leads",
                                             "retry_is_leads", "confirm_time", "bye", "bye_failed", "not_understood"])
        let q1 = try #require(scenario.step("q1"))
        #expect(q1.determinant)
        #expect(q1.target(for: .deny) == "bye_failed")
        #expect(q1.wildcardTarget == "bye_failed")
        #expect(q1.maxAutonomousTurns == 2)
        #expect(scenario.step("q2")?.target(for: .deny) == "q3")
        #expect(scenario.qualificationRules?.scoringWeights.map(\.stepID) == ["q1", "q2", "q3", "is_leads"])
        #expect(scenario.qualificationRules?.leadThreshold == 70)
    }

    @Test func jsonOutputRoundTripsAndIsStable() throws {
        let (wizard, _) = run(Self.answers)
        let scenario = try #require(wizard.scenario)
        let text = scenario.jsonText()
        #expect(try Scenario.decode(text) == scenario)
        #expect(text == run(Self.answers).0.scenario?.jsonText())
        #expect(text.contains("\"determinant\": true"))
    }

    @Test func invalidAnswersAreAskedAgainWithAReason() {
        var wizard = ScenarioWizard()
        guard case .retry(let error, let question) = wizard.answer("mon scénario!") else {
            Issue.record("expected a retry"); return
        }
        #expect(error.contains("lettres, chiffres"))
        #expect(question == wizard.currentQuestion)
        #expect(wizard.answer("ok_name") == .next(question: "Description :"))
        _ = wizard.answer("")          // description
        _ = wizard.answer("")          // objective (default)
        if case .retry = wizard.answer("") {} else { Issue.record("company is required") }
        _ = wizard.answer("ACME")
        _ = wizard.answer("")          // agent
        _ = wizard.answer("")          // voice (free text, default julie)
        if case .retry = wizard.answer("12") {} else { Issue.record("12 questions is out of range") }
        _ = wizard.answer("1")
        _ = wizard.answer("Q ?")
        _ = wizard.answer("")          // is_leads default
        if case .retry = wizard.answer("9") {} else { Issue.record("theme 9 does not exist") }
        _ = wizard.answer("finance")
        if case .retry = wizard.answer("peut-être") {} else { Issue.record("barge-in needs O/N") }
        _ = wizard.answer("n")
        _ = wizard.answer("")          // max turns
        _ = wizard.answer("")          // determinant default non
        if case .retry = wizard.answer("-4") {} else { Issue.record("negative weight") }
        _ = wizard.answer("0")
        if case .retry(let reason, _) = wizard.answer("0") {
            #expect(reason.contains("au moins un poids"))
        } else { Issue.record("all-zero weights must be refused") }
        _ = wizard.answer("100")
        if case .retry = wizard.answer("120") {} else { Issue.record("threshold above 100") }
        guard case .finished(let scenario) = wizard.answer("") else { Issue.record("not finished"); return }
        #expect(ScenarioValidator().validate(scenario).isValid)
        #expect(scenario.metadata.bargeInDefault == false)
        #expect(scenario.metadata.voice == "julie")
    }

    @Test func wizardScenarioPlaysThroughTheEngine() throws {
        let scenario = try #require(run(Self.answers).0.scenario)
        var engine = DialogueEngine(scenario: scenario, matcher: EmptyMatcher(), contact: ["first_name": "Léa"])
        #expect(engine.handle(.callAnswered).prompts.first?.text == "Bonjour Léa, je suis Julie de EcoEnergie. Auriez-vous deux minutes à m'accorder ?")
        for _ in 0..<4 { _ = engine.handle(say("oui", .affirm)) }   // hello, q1, q2, q3
        _ = engine.handle(say("non", .deny))                        // is_leads → retry_is_leads
        let end = engine.handle(say("bon d'accord", .affirm))       // scores as is_leads
        #expect(end.prompts.map(\.stepID) == ["confirm_time", "bye"])
        #expect(end.outcome?.result == .lead)
        #expect(end.outcome?.score == 100)
    }
}
