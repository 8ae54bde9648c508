import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotTelephony
import Testing

/// Live transfers on the simulated PBX (issue 17): the same dialogue action ends as TRANSFERRED
/// with the target when the simulated agent answers, and as a CALLBACK (after the apology) when
/// it is busy, rings out or does not exist. Real AudioSocket on loopback, tone prompts.
/// Wall clock: the bot steps caller frames on the event loop in real time, while the simulated
/// callers answer from the shared task pool, so these run with the real-time suites (one at a
/// time), not beside 700 other tests that may keep the pool busy for seconds.
@Suite("Simulated live transfers (wall clock: the simulated callers answer in real time)", .timeLimit(.minutes(2)))
struct SimulatedTransferRealTimeTests {
    /// "Interested?" → any answer → the terminal lead step; its target is the step's own
    /// `transfer_to` or, without one, the scenario's `metadata.transfer_to`.
    static func scenario(stepTarget: String?, defaultTarget: String? = nil) throws -> Scenario {
        let step = stepTarget.map { ", \"transfer_to\": \"\($0)\"" } ?? ""
        let metadata = defaultTarget.map { ", \"transfer_to\": \"\($0)\"" } ?? ""
        let json = """
        {"metadata": {"name": "transfer_sim", "start_step": "hello", "barge_in_default": false\(metadata)},
         "steps": {"hello": {"message_text": "Bonjour, cela vous intéresse ?", "timeout": 3, "intent_mapping": {"*": "agent"}},
                   "agent": {"message_text": "Je vous passe un conseiller.", "result": "lead"\(step)}}}
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("transfer_sim-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Scenario.load(path: path)
    }

    static func call(_ scenario: Scenario, agents: SimulatedAgentDesk?) async throws -> CallRecord {
        var options = SimulatedLine.Options()
        options.answeringMachineDetection = false
        options.prompts = OutboundCampaignFixture.prompts
        options.agents = agents
        return try await SimulatedLine.withLine(scenario: scenario, options: options) { placer in
            let phone = try PhoneNumber(parsing: "0612345678")
            let contact = Contact(phone: phone, variables: ["persona": "interesse"], legalBasis: .contract)
            let record = CallRecord(callID: 1, callUUID: CallID(), campaignID: 1, phone: phone.e164,
                                    status: .inProgress, startedAt: Date())
            return await placer.place(DialCandidate(queueID: 1, contact: contact), call: record,
                                      campaign: Campaign(id: 1, name: "transfer", scenario: "transfer_sim")).record
        }
    }

    @Test func answeringAgentMakesATransferredLeadWithItsTarget() async throws {
        let desk = SimulatedAgentDesk(agents: ["conseiller": .answers])
        let record = try await Self.call(try Self.scenario(stepTarget: "conseiller"), agents: desk)
        #expect(record.result == .transferred, "\(record.notes)")
        #expect(record.status == .completed)
        #expect(record.notes.hasPrefix("transferred to conseiller"), "\(record.notes)")
        #expect(desk.transfers.map(\.target) == ["conseiller"])
        #expect(desk.transfers.first.map { CallID($0.callID) } == record.callUUID)
    }

    @Test(arguments: [(SimulatedAgentDesk.Agent?.some(.busy), "agent busy"), (.some(.noAnswer), "did not answer"),
                      (nil, "unavailable")])
    func unreachableAgentEndsInACallbackAfterTheApology(agent: SimulatedAgentDesk.Agent?, why: String) async throws {
        let desk = SimulatedAgentDesk(agents: agent.map { ["conseiller": $0] } ?? [:])
        let record = try await Self.call(try Self.scenario(stepTarget: "conseiller"), agents: desk)
        #expect(record.result == .callback, "\(record.notes)")
        #expect(record.notes.contains("transfer to conseiller failed: \(why)") || record.notes.contains(why), "\(record.notes)")
        #expect(desk.transfers.count == 1)
    }

    @Test func scenarioDefaultTargetTransfersLeads() async throws {
        let desk = SimulatedAgentDesk(agents: ["conseiller": .answers])
        let record = try await Self.call(try Self.scenario(stepTarget: nil, defaultTarget: "conseiller"), agents: desk)
        #expect(record.result == .transferred, "\(record.notes)")
        #expect(desk.transfers.map(\.target) == ["conseiller"])
    }

    /// A line that cannot transfer keeps the dialogue's own result and only records the target.
    @Test func lineWithoutAgentsKeepsTheDialogueResult() async throws {
        let record = try await Self.call(try Self.scenario(stepTarget: "conseiller"), agents: nil)
        #expect(record.result == .lead, "\(record.notes)")
    }
}
