import Foundation
import Logging
import MiniBotTelephony
import Testing

/// Live transfers on the real FreeSWITCH (issue 17): `uuid_transfer` into the throwaway switch's
/// `minibot-transfer` context (docs/pbx/freeswitch.md), whose `bridge` rings the loopback agents of
/// `minibot-agents`: `agent-answers` (records, speaks), `agent-busy`, `agent-silent`.
@Suite("RealFreeSwitch live transfers", .serialized, .timeLimit(.minutes(4)), .enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason))
struct RealFreeSwitchTransferTests {
    static func withDialer(_ body: @Sendable (ESLClient, FreeSwitchDialer) async throws -> Void) async throws {
        var logger = Logger(label: "real-fs-transfer")
        logger.logLevel = .error
        let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        let client = RealFreeSwitch.client()
        var configuration = FreeSwitchDialer.Configuration(gateway: "unused", soundsDirectory: RealFreeSwitch.soundsDirectory,
                                                           dialString: RealFreeSwitch.dialString)
        configuration.transfer = FreeSwitchTransferConfiguration(dialStringTemplate: "loopback/{target}/minibot-agents")
        let dialer = FreeSwitchDialer(client: client, audioStreams: streams, configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await streams.run() }
            group.addTask { try await client.run() }
            defer {
                client.shutdown()
                group.cancelAll()
            }
            try await within(.seconds(10), "Event Socket") { try await client.waitUntilConnected() }
            try await body(client, dialer)
        }
        await streams.shutdownGracefully()
    }

    static func agentRecordings() -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: RealFreeSwitch.recordingsDirectory)) ?? [])
            .filter { $0.hasPrefix("agent-answers-") && $0.hasSuffix(".wav") })
    }

    @Test func answeringAgentIsBridgedWithTheCallerAndTheBotLeaves() async throws {
        try await Self.withDialer { client, dialer in
            let before = Self.agentRecordings()
            let number = RealFreeSwitch.Callee.answer.number(block: 71)
            let attempt = try await within(.seconds(20), "dial") { try await dialer.dial(DialRequest(number: number, ringTimeoutSeconds: 10)) }
            let session = try #require(attempt.session as? any TransferableCallSession)
            let started = ContinuousClock.now
            let result = try await within(.seconds(15), "transfer") { await session.transfer(TransferRequest(target: "agent-answers", ringTimeoutSeconds: 5)) }
            #expect(result == .connected)
            #expect(ContinuousClock.now - started < .seconds(3), "a loopback agent answers at once")
            // The bot's session ends by itself (no uuid_kill: the caller stays with the agent).
            let reason = try await within(.seconds(5), "session end") { () -> CallEndReason? in
                for await event in session.events { if case .hangup(let reason) = event { return reason } }
                return nil
            }
            #expect(reason == .localHangup)
            await session.hangup()
            #expect(try await client.api("uuid_exists \(attempt.callID.uuidString.lowercased())") == "true",
                    "the caller was hung up with the bot")
            // The agent hangs up after ~10 s; hangup_after_bridge ends the caller: nothing is left.
            let caller = attempt.callID.uuidString.lowercased()
            try await eventually(.seconds(25), "the caller's channel ends with the agent's") {
                try await client.api("uuid_exists \(caller)") == "false"
            }
            #expect(ContinuousClock.now - started > .seconds(8), "the caller and the agent talked until the agent hung up")
            try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
            let name = try #require(Self.agentRecordings().subtracting(before).first, "the agent recorded nothing")
            let agent = try WAVFile(path: RealFreeSwitch.recordingsDirectory + "/" + name)
            // Left: what the agent heard — the callee's "Oui, d'accord…" ~6 s after answering.
            #expect(WAVFile.rms(agent.channels[0]) > 300, "the agent heard silence (RMS \(WAVFile.rms(agent.channels[0])))")
            // The callee heard the agent's words after the transfer.
            let path = try #require(RealFreeSwitch.recording(number: number, callID: attempt.callID.uuidString.lowercased()))
            let heard = try WAVFile(path: path).channels[0]
            #expect(WAVFile.rms(Array(heard.dropFirst(8_000 * 2))) > 300, "the caller heard no agent")
        }
    }

    @Test(arguments: [("agent-busy", TransferResult.busy), ("agent-silent", TransferResult.noAnswer)])
    func unreachableAgentLeavesTheCallerWithTheBot(target: String, expected: TransferResult) async throws {
        try await Self.withDialer { client, dialer in
            let number = RealFreeSwitch.Callee.answer.number(block: 72)
            let attempt = try await within(.seconds(20), "dial") { try await dialer.dial(DialRequest(number: number, ringTimeoutSeconds: 10)) }
            let session = try #require(attempt.session as? any TransferableCallSession)
            let started = ContinuousClock.now
            let result = try await within(.seconds(15), "transfer") { await session.transfer(TransferRequest(target: target, ringTimeoutSeconds: 3)) }
            #expect(result == expected)
            #expect(ContinuousClock.now - started < .seconds(6), "ring timeout 3 s")
            // Back with the bot: its prompt plays out and the caller's audio still streams to us.
            let tone = Prompt(id: "apology", samples: (0..<8_000).map { Int16(6_000 * sin(Double($0) / 3)) })
            await session.play(tone)
            let (frames, report) = try await within(.seconds(10), "prompt after the failed transfer") { () -> (Int, PlaybackReport?) in
                var frames = 0
                for await event in session.events {
                    switch event {
                    case .audio: frames += 1
                    case .playbackFinished(let report): return (frames, report)
                    case .hangup: return (frames, nil)
                    default: break
                    }
                }
                return (frames, nil)
            }
            #expect(report?.promptID == "apology" && report?.interrupted == false, "\(String(describing: report))")
            #expect(frames > 25, "the caller's audio stopped streaming to the bot (\(frames) frames)")
            await session.hangup()
            let caller = attempt.callID.uuidString.lowercased()
            try await eventually(.seconds(5), "the caller's channel is gone") { try await client.api("uuid_exists \(caller)") == "false" }
            try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
        }
    }
}
