import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotLanguage
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony
import Testing

/// Live transfers on the real Asterisk (issue 17). The agents are Local channels of the
/// throwaway dialplan's `[minibot-agents]`: `agent-answers` records what it hears and says
/// "Oui, je vous écoute." twice over 8 s, `agent-busy` is busy, `agent-silent` never answers.
/// The scenario greets and transfers at once (terminal step with `transfer_to`).
@Suite("RealAsterisk live transfers", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(5)))
struct RealAsteriskTransferTests {
    let asterisk = RealAsterisk.instance

    // MARK: Outbound over ARI: originate the agent, bridge, drop the bot's leg

    @Test func answeringAgentTalksWithTheCallerAndNothingIsLeftBehind() async throws {
        let number = RealAsterisk.number(.talker)
        let call = try await TransferLine.place(number, target: "agent-answers")
        let record = call.record
        #expect(record.result == .transferred, "\(record.notes)")
        #expect(record.notes.contains("transferred to agent-answers"), "\(record.notes)")
        // The bot's part ends as soon as the agent is bridged, not when the conversation does.
        #expect(call.seconds < (record.durationSeconds ?? 0) + 4, "took \(call.seconds) s for a \(record.durationSeconds ?? 0) s bot part")
        // The agent hangs up after ~8 s; Dial() returns and the caller is hung up: nothing is left,
        // neither our externalMedia leg nor the bridge.
        let idle = try await asterisk.waitUntilIdle(timeout: .seconds(25))
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
        #expect(idle.bridges.isEmpty, "bridges left: \(idle.bridges)")
        // The agent heard the caller (the caller talks all along); the agent's channel inherited the call id…
        let agentHeard = try await asterisk.recording("agent-\(record.callUUID)-heard.wav")
        #expect(rms(agentHeard) > audibleRMS / 4, "the agent heard silence")
        // …and the caller heard the agent after the bot's part (the bot is gone by then).
        let callerHeard = try await asterisk.heard(number)
        let botPart = Int((record.durationSeconds ?? 0) * 8_000)
        let afterBot = callerHeard.dropFirst(botPart + 2_400).prefix(8_000 * 6)
        #expect(afterBot.count > 8_000 * 3, "the caller's recording stops at the transfer")
        #expect(rms(afterBot) > audibleRMS / 4, "the caller heard no agent after the transfer")
    }

    @Test(arguments: [("agent-busy", "busy"), ("agent-silent", "did not answer"), ("agent-nobody", "failed")])
    func unreachableAgentEndsInACallback(target: String, why: String) async throws {
        let number = RealAsterisk.number(.talker)
        let call = try await TransferLine.place(number, target: target, ringTimeout: 5)
        #expect(call.record.result == .callback, "\(call.record.notes)")
        #expect(call.record.notes.contains(why), "\(call.record.notes)")
        #expect(call.record.notes.contains("transfer to \(target) failed"), "\(call.record.notes)")
        // Ring timeout 5 s plus the greeting and the apology, never the 15 s safety margin.
        #expect(call.seconds < 25, "took \(call.seconds) s")
        let idle = try await asterisk.waitUntilIdle(timeout: .seconds(10))
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
        #expect(idle.bridges.isEmpty, "bridges left: \(idle.bridges)")
        // The caller, back with the bot, heard the apology: audio ~1 s before the bot's part ended.
        let heard = try await asterisk.heard(number)
        let end = Int((call.record.durationSeconds ?? 0) * 8_000)
        #expect(end > 8_000 * 3, "\(call.record.notes)")
        let apology = heard.prefix(max(0, end - 4_000)).suffix(8_000 * 2)
        #expect(rms(apology) > audibleRMS / 4, "the caller heard no apology")
    }

    /// `ASTERISK_TRANSFER_DEVICE=Stasis:{target}` in use: the agent is not even rung.
    @Test func busyDeviceStateIsCheckedBeforeRinging() async throws {
        let device = "Stasis:agent-answers"
        let ari = ARIClient(configuration: .init(url: asterisk.ariURL, username: "minibot", password: asterisk.password),
                            logger: testLogger)
        try await ari.setDeviceState(device, state: "INUSE")
        let number = RealAsterisk.number(.talker)
        let call = try await TransferLine.place(number, target: "agent-answers", device: "Stasis:{target}")
        try await ari.setDeviceState(device, state: "NOT_INUSE")
        #expect(call.record.result == .callback, "\(call.record.notes)")
        #expect(call.record.notes.contains("busy"), "\(call.record.notes)")
        #expect(!FileManager.default.fileExists(atPath: asterisk.recordings + "/agent-\(call.record.callUUID)-heard.wav"),
                "the busy agent was rung")
        _ = try await asterisk.waitUntilIdle(timeout: .seconds(10))
    }

    // MARK: Inbound through the README's [minibot] context (AudioSocket only)

    @Test func inboundCallerIsHandedToTheDialplanThroughTheREADMEContext() async throws {
        let number = String(format: "0698%06d", Int.random(in: 0..<1_000_000))
        let (report, ari) = try await InboundTransfer.call(number, target: "agent-answers", asterisk: asterisk)
        #expect(report.result == .transferred, "\(report.reason)")
        #expect(report.transferTarget == "agent-answers")
        // Dial(${MINIBOT_TRANSFER}) rang the agent, who heard the caller; the caller heard the agent.
        // The agent hangs up after ~8 s; the README context's Dial() returns and hangs up.
        let idle = try await asterisk.waitUntilIdle(timeout: .seconds(25))
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
        let agentHeard = try await asterisk.recording("agent-\(number)-heard.wav")
        #expect(rms(agentHeard) > audibleRMS / 4, "the agent heard silence")
        let callerHeard = try await asterisk.recording("in-\(number)-heard.wav")
        let afterBot = callerHeard.dropFirst(report.durationMs * 8 + 2_400).prefix(8_000 * 6)
        #expect(rms(afterBot) > audibleRMS / 4, "the caller heard no agent after the transfer")
        // The dialplan cleared the hand-over variable.
        let variable = AsteriskDialplanTransferDesk.variable(for: report.callID.uuid)
        #expect(try await ari.globalVariable(variable) == nil)
    }

    @Test func inboundBusyAgentEndsInACallbackWithoutDialling() async throws {
        let ari = ARIClient(configuration: .init(url: asterisk.ariURL, username: "minibot", password: asterisk.password),
                            logger: testLogger)
        try await ari.setDeviceState("Stasis:agent-answers", state: "BUSY")
        let number = String(format: "0698%06d", Int.random(in: 0..<1_000_000))
        let (report, _) = try await InboundTransfer.call(number, target: "agent-answers", asterisk: asterisk,
                                                         device: "Stasis:{target}")
        try await ari.setDeviceState("Stasis:agent-answers", state: "NOT_INUSE")
        #expect(report.result == .callback, "\(report.reason)")
        #expect(report.transferTarget == nil)
        #expect(!FileManager.default.fileExists(atPath: asterisk.recordings + "/agent-\(number)-heard.wav"), "the busy agent was rung")
        _ = try await asterisk.waitUntilIdle(timeout: .seconds(40))
    }
}

/// A scenario that greets and transfers at once.
enum TransferScenario {
    static func load(target: String) throws -> Scenario {
        let json = """
        {"metadata": {"name": "transfer_probe", "start_step": "hello", "barge_in_default": false},
         "steps": {"hello": {"message_text": "Bonjour, je vous passe un conseiller.", "barge_in": false,
                             "result": "lead", "transfer_to": "\(target)"}}}
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("transfer_probe-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Scenario.load(path: path)
    }
}

/// One outbound call through ``PBXLine`` with the transfer settings a deployment would set.
enum TransferLine {
    static func place(_ national: String, target: String, ringTimeout: Int = 8, device: String? = nil) async throws -> RealAsteriskLine.Call {
        let asterisk = RealAsterisk.instance
        var environment = asterisk.environment(amdContext: nil, ringTimeout: ringTimeout, dualLayer: false)
        environment["ASTERISK_TRANSFER_ENDPOINT"] = "Local/{target}@minibot-agents"
        if let device { environment["ASTERISK_TRANSFER_DEVICE"] = device }
        let configuration = try PBXConfiguration(environment: environment)
        var options = PBXLine.Options(recognizer: SimulatedRecognizer(script: SimulatedScript()))
        options.logger = testLogger
        options.connectTimeout = .seconds(5)
        let scenario = try TransferScenario.load(target: target)
        return try await PBXLine.withLine(configuration: configuration, scenario: scenario, options: options) { placer in
            let phone = try PhoneNumber(parsing: national)
            let call = CallRecord(callID: Int64.random(in: 1...1_000_000), callUUID: CallID(),
                                  campaignID: 1, phone: phone.e164, status: .inProgress, startedAt: Date())
            let start = ContinuousClock.now
            let placed = await placer.place(DialCandidate(queueID: 1, contact: Contact(phone: phone, legalBasis: .contract)),
                                            call: call, campaign: Campaign(id: 1, name: "transfer", scenario: "transfer_probe"))
            let elapsed = ContinuousClock.now - start
            return RealAsteriskLine.Call(national: national, record: placed.record,
                                         seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        }
    }
}

/// One inbound call into the README's `[minibot]` context, served by the AudioSocket service with
/// the dialplan transfer desk (what `minibot serve --audiosocket` runs with ASTERISK_ARI_* set).
enum InboundTransfer {
    static func call(_ number: String, target: String, asterisk: RealAsterisk, device: String? = nil)
        async throws -> (CallReport, ARIClient) {
        let ari = ARIClient(configuration: .init(url: asterisk.ariURL, username: "minibot", password: asterisk.password,
                                                 application: "minibot-transfer-test"), logger: testLogger)
        var transfer = ARITransferConfiguration(endpointTemplate: "Local/{target}@minibot-agents")
        transfer.deviceTemplate = device
        let desk = AsteriskDialplanTransferDesk(client: ari, configuration: transfer, logger: testLogger)
        let runner = CallRunner(scenario: try TransferScenario.load(target: target), nlu: try NLUPipeline(),
                                recognizer: SimulatedRecognizer(script: SimulatedScript()),
                                prompts: .standard(soundsRoot: nil, logger: testLogger),
                                options: .init(clock: .continuous, transferDesk: desk), logger: testLogger)
        let service = try await AudioSocketCallService.bind(
            configuration: .init(host: "127.0.0.1", port: asterisk.audioSocketPort, maximumConcurrentCalls: 5),
            runner: runner, logger: testLogger)
        let (reports, continuation) = AsyncStream.makeStream(of: CallReport.self)
        let report: CallReport? = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run(onReport: { continuation.yield($0) }) }
            // Local/<n>@minibot runs the README context (the bot's side); the other half is the caller.
            try await ari.request(.POST, "/channels", query: [
                ("endpoint", "Local/\(number)@minibot"), ("context", "minibot-test-long-caller"), ("extension", number),
                ("priority", "1"), ("timeout", "10"), ("callerId", number),
            ])
            let first: CallReport?? = try await withDeadlineOrNil(.seconds(40)) { () async -> CallReport? in
                for await report in reports { return report }
                return nil
            }
            await service.shutdownGracefully()
            group.cancelAll()
            return first ?? nil
        }
        return (try #require(report, "no call report within 40 s"), ari)
    }
}
