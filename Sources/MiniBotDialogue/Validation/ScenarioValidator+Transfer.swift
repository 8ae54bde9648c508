/// Transfer fields: each step's `transfer_to`, the scenario's default `metadata.transfer_to` and
/// the agents' `metadata.agent_hours`.
extension ScenarioValidator {
    func checkTransfers(_ scenario: Scenario, _ issues: inout [ValidationIssue]) {
        for step in scenario.steps {
            guard let target = step.transferTo else { continue }
            let path = "steps.\(step.id).transfer_to"
            if target.isEmpty || target.contains(where: { $0.isWhitespace }) {
                issues.append(.init(.error, .invalidValue, path: path,
                                    "transfer target \"\(target)\" must be a non-empty word (an agent name or a dial string)"))
            }
            if step.next != nil {
                issues.append(.init(.warning, .invalidValue, path: "steps.\(step.id).next",
                                    "a transfer ends the bot's part of the call: \"next\" is never followed"))
            }
        }
        if let field = scenario.metadata.extras.first(where: { $0.key == "transfer_to" }) {
            if case .string(let target) = field.value, !target.isEmpty, !target.contains(where: { $0.isWhitespace }) {
            } else {
                issues.append(.init(.error, .invalidValue, path: "metadata.transfer_to",
                                    "the default transfer target must be a non-empty word (an agent name or a dial string)"))
            }
        }
        if let field = scenario.metadata.extras.first(where: { $0.key == "agent_hours" }) {
            if case .string(let text) = field.value, AgentHours(text) != nil {
            } else {
                issues.append(.init(.error, .invalidValue, path: "metadata.agent_hours",
                                    "expected the agents' hours as \"HH:MM-HH:MM\" (start before end), e.g. \"09:00-18:00\""))
            }
        }
    }
}
