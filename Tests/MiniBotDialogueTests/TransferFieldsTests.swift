import MiniBotDialogue
import Testing

/// `transfer_to` (per step), `metadata.transfer_to` (default target of leads) and
/// `metadata.agent_hours` (issue 17): validated, and the default target used by the engine.
@Suite struct TransferFieldsTests {
    static func json(metadata: String = "", stepTransfer: String = "", next: String = "") -> String {
        """
        {"metadata": {"name": "t", "start_step": "hello"\(metadata)},
         "steps": {"hello": {"message_text": "Bonjour", "intent_mapping": {"*": "bye"}},
                   "bye": {"message_text": "Au revoir", "result": "lead"\(stepTransfer)\(next)},
                   "other": {"message_text": "x", "result": "not_interested"}}}
        """
    }

    @Test func validFieldsRaiseNothing() throws {
        let scenario = try Scenario.decode(Self.json(metadata: #", "transfer_to": "conseiller", "agent_hours": "09:00-18:00""#,
                                                     stepTransfer: #", "transfer_to": "PJSIP/100""#))
        let issues = ScenarioValidator().validate(scenario).issues.filter { $0.path.contains("transfer") || $0.path.contains("agent_hours") }
        #expect(issues == [])
        #expect(scenario.defaultTransferTarget == "conseiller")
        #expect(scenario.agentHours == AgentHours("09:00-18:00"))
        #expect(scenario.agentHours?.contains(minuteOfDay: 9 * 60) == true)
        #expect(scenario.agentHours?.contains(minuteOfDay: 18 * 60) == false)
    }

    @Test func badFieldsAreErrorsWithTheirPath() throws {
        let scenario = try Scenario.decode(Self.json(metadata: #", "transfer_to": 3, "agent_hours": "18:00-09:00""#,
                                                     stepTransfer: #", "transfer_to": "a b""#))
        let errors = Set(ScenarioValidator().validate(scenario).errors.map(\.path))
        #expect(errors.isSuperset(of: ["steps.bye.transfer_to", "metadata.transfer_to", "metadata.agent_hours"]), "\(errors)")
    }

    @Test func nextAfterATransferIsAWarning() throws {
        let scenario = try Scenario.decode(Self.json(stepTransfer: #", "transfer_to": "conseiller""#, next: #", "next": "other""#))
        let warnings = ScenarioValidator().validate(scenario).issues.filter { $0.path == "steps.bye.next" }
        #expect(warnings.count == 1)
    }

    @Test func agentHoursParsing() {
        #expect(AgentHours("08:30-12:00").map { [$0.start, $0.end] } == [510, 720])
        for bad in ["9-18", "09:00", "12:00-08:00", "25:00-26:00", "09:0-10:00"] { #expect(AgentHours(bad) == nil, "\(bad)") }
    }
}
