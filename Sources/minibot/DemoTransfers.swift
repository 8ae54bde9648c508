import MiniBotDialogue

/// Seed 001's "Lead / Transfer" objective in the demo: a scenario without any transfer of its own
/// sends its qualified leads to the simulated agent, so the run shows TRANSFERRED leads.
enum DemoTransfers {
    /// Sets `metadata.transfer_to` when the scenario transfers nowhere; true when it did.
    static func transferLeads(of scenario: inout Scenario, to agent: String) -> Bool {
        guard scenario.defaultTransferTarget == nil, !scenario.steps.contains(where: { $0.transferTo != nil }) else { return false }
        scenario.metadata.extras.append(JSONField("transfer_to", .string(agent)))
        return true
    }
}
