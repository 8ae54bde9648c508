import MiniBotDialogue
import Testing

@Suite struct ShippedScenarioTests {
    @Test(arguments: ["rdv_energie", "finance_agent", "sav_inbound"])
    func shippedScenarioValidatesClean(_ name: String) throws {
        let scenario = try shippedScenario(name)
        #expect(scenario.metadata.name == name)
        let report = ScenarioValidator().validate(scenario)
        #expect(report.issues == [], "\(report.issues)")
    }

    @Test func rdvEnergieDefinesEveryStepSeed000References() throws {
        let scenario = try shippedScenario("rdv_energie")
        for id in ["hello", "retry_hello", "retry_silence", "q1", "q2", "q3", "is_leads", "retry_is_leads",
                   "confirm_time", "bye", "bye_failed", "not_understood", "end"] {
            #expect(scenario.step(id) != nil, "missing \(id)")
        }
        #expect(scenario.step("q1")?.messageText == "Êtes-vous propriétaire de votre logement ?")
    }

    @Test func financeAgentMatchesSeed001Rules() throws {
        let rules = try #require(try shippedScenario("finance_agent").qualificationRules)
        #expect(rules.leadThreshold == 70)
        #expect(rules.scoringWeights == [StepWeight("Q1", 30), StepWeight("Q2", 30), StepWeight("Is_Leads", 40)])
    }
}
