import Foundation
import Logging
import MiniBotTelephony
import Testing

/// Our FreeSWITCH connector (ESLClient + AudioStreamServer + FreeSwitchDialer + FreeSwitchCallSession)
/// against the real switch, with the test dialplan's loopback callees.
@Suite("RealFreeSwitch dialer", .serialized, .timeLimit(.minutes(5)), .enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason))
struct RealFreeSwitchDialerTests {
    struct Rig {
        let client: ESLClient
        let streams: AudioStreamServer
        let dialer: FreeSwitchDialer
    }

    static func withRig(_ body: @Sendable (Rig) async throws -> Void) async throws {
        var logger = Logger(label: "real-fs-dialer")
        logger.logLevel = .error
        let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        let client = RealFreeSwitch.client()
        let dialer = FreeSwitchDialer(client: client, audioStreams: streams, configuration: .init(
            gateway: "unused", soundsDirectory: RealFreeSwitch.soundsDirectory, dialString: RealFreeSwitch.dialString), logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await streams.run() }
            group.addTask { try await client.run() }
            defer {
                client.shutdown()
                group.cancelAll()
            }
            try await within(.seconds(10), "Event Socket") { try await client.waitUntilConnected() }
            try await body(Rig(client: client, streams: streams, dialer: dialer))
        }
        await streams.shutdownGracefully()
    }

    /// 2.5 s of a 600 Hz tone at -12 dBFS: easy to find in the callee's recording.
    static let prompt = Prompt(id: "rfs-tone", samples: (0..<20_000).map { Int16(8_000 * sin(2 * Double.pi * 600 * Double($0) / 8_000)) })

    @Test func answeredCallPlaysOurPromptToTheCalleeAndStreamsItsVoiceToUs() async throws {
        try await Self.withRig { rig in
            let number = RealFreeSwitch.Callee.answer.number(block: 2)
            let attempt = try await within(.seconds(20), "dial") { try await rig.dialer.dial(DialRequest(number: number, ringTimeoutSeconds: 10)) }
            #expect(attempt.outcome == .answered)
            let session = try #require(attempt.session)
            await session.play(Self.prompt)
            let (audioFrames, loudFrames, report) = try await within(.seconds(10), "prompt report") {
                () -> (Int, Int, PlaybackReport?) in
                var audioFrames = 0, loudFrames = 0
                for await event in session.events {
                    switch event {
                    case .audio(let samples, let rate):
                        #expect(rate == 8_000 && samples.count == 160)
                        audioFrames += 1
                        if WAVFile.rms(samples) > 300 { loudFrames += 1 }
                    case .playbackFinished(let finished): return (audioFrames, loudFrames, finished)
                    default: break
                    }
                }
                return (audioFrames, loudFrames, nil)
            }
            #expect(report?.promptID == "rfs-tone" && report?.interrupted == false)
            #expect(audioFrames >= 100, "about 2.5 s of callee audio (20 ms frames) while the prompt played")
            #expect(loudFrames >= 10, "the callee's \"Allô ?\" (0.6 s) is in the stream")
            await session.hangup()
            try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(rig.client) == 0 }
            let path = try #require(RealFreeSwitch.recording(number: number, callID: attempt.callID.uuidString.lowercased()))
            let wav = try WAVFile(path: path)
            // Left: what the callee heard (our tone), right: what it said.
            let heard = wav.channels[0]
            #expect(WAVFile.rms(heard) > 1_000, "the bot's prompt is audible in the callee's recording (RMS \(WAVFile.rms(heard)))")
        }
    }

    @Test(arguments: [(RealFreeSwitch.Callee.busy, 17), (RealFreeSwitch.Callee.noAnswer, 19)])
    func unansweredOutcomes(callee: RealFreeSwitch.Callee, code: Int) async throws {
        try await Self.withRig { rig in
            let started = ContinuousClock.now
            let attempt = try await within(.seconds(20), "dial") {
                try await rig.dialer.dial(DialRequest(number: callee.number(block: 3), ringTimeoutSeconds: 5))
            }
            #expect(attempt.outcome.cause?.code == code, "\(attempt.outcome)")
            #expect(attempt.session == nil)
            if callee == .noAnswer { #expect(ContinuousClock.now - started < .seconds(7), "RING_TIMEOUT + 2 s") }
            try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(rig.client) == 0 }
        }
    }

    @Test func calleeHangingUpMidPromptEndsOurCallWithinOneSecond() async throws {
        try await Self.withRig { rig in
            let monitor = RealFreeSwitch.client(events: ["CHANNEL_HANGUP"])
            let number = RealFreeSwitch.Callee.hangUpMidPrompt.number(block: 4)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await monitor.run() }
                defer {
                    monitor.shutdown()
                    group.cancelAll()
                }
                try await monitor.waitUntilConnected()
                let hangups = monitor.events()
                let attempt = try await rig.dialer.dial(DialRequest(number: number, ringTimeoutSeconds: 10))
                let session = try #require(attempt.session)
                let long = Prompt(id: "long", samples: (0..<80_000).map { Int16(6_000 * sin(Double($0) / 3)) })
                await session.play(long)
                // The callee's leg (…-b) hangs up 1.5 s after answering, while our 10 s prompt plays.
                let calleeHangup = try await within(.seconds(10), "callee hangup") { () -> ContinuousClock.Instant in
                    for await event in hangups where (event["Channel-Name"] ?? "").hasSuffix("\(number)-b") { return .now }
                    throw TestFailure("event stream ended")
                }
                let ended = try await within(.seconds(5), "our call's end") { () -> (ContinuousClock.Instant, CallEndReason?) in
                    for await event in session.events { if case .hangup(let reason) = event { return (.now, reason) } }
                    return (.now, nil)
                }
                #expect(ended.1 == .remoteHangup)
                #expect(ended.0 - calleeHangup < .seconds(1), "ended \(ended.0 - calleeHangup) after the callee hung up")
                try await eventually(.seconds(3), "no channel left") { try await RealFreeSwitch.channelCount(rig.client) == 0 }
            }
        }
    }

    @Test func answeringMachineDetectionIsLeftOutWhenModAmdIsMissing() async throws {
        try await Self.withRig { rig in
            let hasAMD = try await rig.client.api("module_exists mod_amd") == "true"
            try #require(!hasAMD, "this switch has mod_amd: nothing to check")
            var request = DialRequest(number: RealFreeSwitch.Callee.answer.number(block: 5), ringTimeoutSeconds: 10)
            request.detectsAnsweringMachine = true
            let attempt = try await rig.dialer.dial(request)
            // With execute_on_answer=amd and no mod_amd, FreeSWITCH would hang up at once (DESTINATION_OUT_OF_ORDER).
            #expect(attempt.outcome == .answered)
            let session = try #require(attempt.session)
            try await Task.sleep(for: .milliseconds(800))
            #expect(try await rig.client.api("uuid_exists \(attempt.callID.uuidString.lowercased())") == "true")
            await session.hangup()
            try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(rig.client) == 0 }
        }
    }

    @Test func tenAnsweredCallsInParallel() async throws {
        try await Self.withRig { rig in
            let outcomes = try await withThrowingTaskGroup(of: (DialOutcome, Int).self) { group in
                for index in 0..<10 {
                    group.addTask {
                        let attempt = try await rig.dialer.dial(DialRequest(number: RealFreeSwitch.Callee.answer.number(block: 600 + index),
                                                                            ringTimeoutSeconds: 10))
                        guard let session = attempt.session else { return (attempt.outcome, 0) }
                        var frames = 0
                        for await event in session.events {
                            if case .audio = event { frames += 1 }
                            if frames >= 100 { break }
                        }
                        await session.hangup()
                        return (attempt.outcome, frames)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.count == 10)
            #expect(outcomes.allSatisfy { $0.0 == .answered && $0.1 >= 100 }, "\(outcomes)")
            try await eventually(.seconds(5), "no channel left") { try await RealFreeSwitch.channelCount(rig.client) == 0 }
        }
    }
}
