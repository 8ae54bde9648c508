import Foundation
import MiniBotCalls
import MiniBotSpeech
import MiniBotTelephony
import Synchronization
import Testing

/// A PBX that sends no frame while the far end is silent (Asterisk's AudioSocket): the runner's
/// injected ``CallClock`` still moves the call on. Virtual time: every `sleep` of the clock
/// advances it 100 times faster than real time, so the test takes a fraction of a second and never depends on the machine's speed.
@Suite("CallRunner on the wall clock")
struct CallRunnerWallClockTests {
    /// Plays nothing for real: each prompt "finishes" at once; no caller frame is ever sent.
    final class SilentSession: CallSession {
        let callID = UUID()
        let metadata = CallMetadata(transport: "test")
        let events: CallEventStream
        private let continuation: AsyncStream<CallEvent>.Continuation
        let hungUp = Mutex(false)

        init() {
            let (stream, continuation) = AsyncStream.makeStream(of: CallEvent.self)
            events = CallEventStream(stream)
            self.continuation = continuation
        }

        func play(_ prompt: Prompt) async {
            continuation.yield(.playbackFinished(PlaybackReport(promptID: prompt.id, framesPlayed: prompt.frames.count, interrupted: false)))
        }

        func stop() async -> Int { 0 }

        func hangup() async {
            hungUp.withLock { $0 = true }
            continuation.yield(.hangup(.localHangup))
            continuation.finish()
        }
    }

    final class VirtualClock: Sendable {
        private let elapsed = Mutex(Duration.zero)
        var now: Duration { elapsed.withLock { $0 } }
        var clock: CallClock {
            // 100 times faster than real time, still a real suspension per tick.
            CallClock(now: { self.now }, sleep: { duration in
                try await Task.sleep(for: duration / 100)
                self.elapsed.withLock { $0 += duration }
            })
        }
    }

    @Test func silenceTimeoutsFireAndDurationFollowsTheClockWithoutAFrame() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wallclock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let virtual = VirtualClock()
        let runner = CallRunner(scenario: try Fixtures.finance(timeout: 2), nlu: Fixtures.nlu,
                                recognizer: SimulatedRecognizer(script: SimulatedScript()),
                                prompts: PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 1, minimumMilliseconds: 200)),
                                options: .init(recordingsDirectory: directory, clock: virtual.clock))
        let session = SilentSession()
        let report = await runner.run(session)
        #expect(session.hungUp.withLock { $0 }, "the bot must end a silent call by its timeouts")
        let elapsedMs = Int(virtual.now / .milliseconds(1))
        #expect(report.durationMs > 2_000, "\(report.durationMs) ms")
        // Within the 100 ms tick and the 100 ms jitter allowance of the clock's reading.
        #expect(abs(report.durationMs - elapsedMs) <= 200, "duration \(report.durationMs) ms for \(elapsedMs) ms of clock")
        let wav = try #require(report.recording?.wav)
        let bytes = try FileManager.default.attributesOfItem(atPath: wav)[.size] as? Int ?? 0
        #expect((bytes - 44) / 4 / 8 == report.durationMs, "the recording is as long as the call")
    }

    @Test func withoutAClockASilentCallHasNoTime() async throws {
        // The old behaviour, kept for simulated calls that send frames faster than real time:
        // nothing happens until the PBX ends the call.
        let runner = CallRunner(scenario: try Fixtures.finance(timeout: 2), nlu: Fixtures.nlu,
                                recognizer: SimulatedRecognizer(script: SimulatedScript()),
                                prompts: PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 1, minimumMilliseconds: 200)))
        let session = SilentSession()
        async let report = runner.run(session)
        try await Task.sleep(for: .milliseconds(300))
        #expect(!session.hungUp.withLock { $0 })
        await session.hangup()
        #expect(await report.durationMs == 0)
    }
}
