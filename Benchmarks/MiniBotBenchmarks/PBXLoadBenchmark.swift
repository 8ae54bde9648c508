import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony
import MiniBotTestKit
import Synchronization

/// Per-call overhead of the FreeSWITCH connector: N simultaneous calls placed through
/// ``PBXCallPlacer`` → ``FreeSwitchDialer`` → our ESL client (one connection) → the fake switch,
/// caller audio streamed back over N mod_audio_stream WebSockets into our ``AudioStreamServer``,
/// each call run by the real ``CallRunner`` (VAD, in-process AMD, prompts written as WAV and
/// played with `uuid_broadcast`). One media ticker sends every call a 20 ms frame stamped with
/// its tick number; the bot side measures each frame's delay from the moment the switch sent it
/// to the moment the runner pulls it (so the ticker's own sleep jitter is not counted).
/// AMD is off on both layers: a mute callee would be classed MACHINE and hung up after 2.5 s.
/// Wiring: `minibot-bench freeswitch-load 200 20` → `await freeSwitchLoadBenchmark(calls: 200, seconds: 20)`.
func freeSwitchLoadBenchmark(calls: Int, seconds: Int) async {
    guard let scenario = try? Scenario.load(path: "scenarios/rdv_energie.json") else {
        print("freeswitch load: run from the repository root (scenarios/rdv_energie.json)")
        return
    }
    var fakeConfiguration = FakeFreeSwitch.Configuration(defaultScenario: .answer(chunkBytes: 320), autoCompletePlayback: true)
    fakeConfiguration.keepsAudioStreamOpen = true
    guard let fake = try? await FakeFreeSwitch.start(configuration: fakeConfiguration) else {
        print("freeswitch load: cannot bind the fake switch")
        return
    }
    let sounds = NSTemporaryDirectory() + "minibot-fs-load-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: sounds) }
    var configuration = PBXConfiguration(kind: .freeswitch, pbxMachineDetection: false, dualLayerMachineDetection: false)
    configuration.freeSwitch?.eslPort = fake.port
    configuration.freeSwitch?.soundsDirectory = sounds
    configuration.freeSwitch?.audioStreamHost = "127.0.0.1"
    configuration.freeSwitch?.audioStreamPort = 0
    var logger = Logger(label: "minibot.bench.freeswitch")
    logger.logLevel = .error
    let lateness = LatenessLog(ticks: seconds * 50 + 100)
    let live = LoadBox<Set<UUID>>([])
    let start = ContinuousClock.now
    var options = PBXLine.Options(recognizer: SimulatedRecognizer(script: SimulatedScript()))
    options.prompts = PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 50), logger: logger)
    options.logger = logger
    options.maximumConcurrentCalls = calls + 16
    options.dialerDecorator = { TimedDialer(inner: $0, lateness: lateness, live: live) }
    let rssBefore = benchResidentKiB()
    let cpuStart = benchCPUSeconds()
    let results = LoadBox<[String: Int]>([:])
    let peak = LoadBox(0)
    do {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            group.addTask {
                // The media ticker: one frame per live call every 20 ms, like FreeSWITCH's media timer.
                var tick = 0
                let end = start + .seconds(seconds)
                while ContinuousClock.now < end {
                    tick += 1
                    try await Task.sleep(until: start + .milliseconds(20 * tick), clock: .continuous)
                    let frame = TimedDialer.frame(tick: tick)
                    lateness.sent(tick: tick)
                    for id in live.value { fake.sendAudio([frame], callID: id) }
                    if tick % 25 == 0 { peak.update { $0 = max($0, benchResidentKiB()) } }
                }
                for id in live.value { fake.hangUp(callID: id) }
            }
            try await PBXLine.withLine(configuration: configuration, scenario: scenario, options: options) { placer in
                await withTaskGroup(of: Void.self) { dials in
                    for index in 0..<calls {
                        dials.addTask {
                            try? await Task.sleep(for: .microseconds(2_000_000 * index / max(1, calls)))
                            let phone = try! PhoneNumber(parsing: String(format: "06%08d", 10_000_000 + index))
                            let call = CallRecord(callID: Int64(index), callUUID: CallID(), campaignID: 0,
                                                  phone: phone.e164, status: .inProgress, startedAt: Date())
                            let placed = await placer.place(DialCandidate(queueID: 0, contact: Contact(phone: phone, legalBasis: .contract)),
                                                            call: call, campaign: Campaign(id: 0, name: "load", scenario: "rdv_energie"))
                            results.update { $0[placed.record.result?.rawValue ?? "none", default: 0] += 1 }
                        }
                    }
                }
            }
            fake.shutdown()
            group.cancelAll()
        }
    } catch {
        print("freeswitch load: \(error)")
        return
    }
    let wall = ContinuousClock.now - start
    let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    let cpuPercent = 100 * (benchCPUSeconds() - cpuStart) / max(wallSeconds, 0.001)
    let summary = lateness.summary()
    print(String(format: "freeswitch load %4d calls (%ds): %d caller frames, switch→runner delay p50 %.1f ms p99 %.1f ms worst %.1f ms, "
        + "late>20ms %.3f%%  CPU %.0f%% (%.2f%% per call, bot + fake switch)  RSS %.0f KiB/call  wall %.1fs",
        calls, seconds, summary.count, summary.p50Ms, summary.p99Ms, summary.worstMs, summary.latePercent, cpuPercent,
        cpuPercent / Double(max(1, calls)), Double(max(0, peak.value - rssBefore)) / Double(max(1, calls)), wallSeconds))
    print("  outcomes: " + results.value.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        + "  ESL commands: \(fake.receivedCommands.count)")
}

/// Wraps each answered session so its audio is timed as the runner pulls it.
struct TimedDialer: PBXDialer {
    let inner: any PBXDialer
    let lateness: LatenessLog
    let live: LoadBox<Set<UUID>>

    func dial(_ request: DialRequest) async throws -> DialAttempt {
        var attempt = try await inner.dial(request)
        if let session = attempt.session {
            live.update { _ = $0.insert(request.callID) }
            attempt.session = TimedSession(inner: session, lateness: lateness, onEnd: { [live] in
                live.update { _ = $0.remove(request.callID) }
            })
        }
        return attempt
    }

    /// Quiet noise whose first two samples carry the tick number.
    static func frame(tick: Int) -> [Int16] {
        var frame = (0..<160).map { Int16(($0 * 37 + tick) % 21) - 10 }
        frame[0] = Int16(tick & 0x3fff)
        frame[1] = Int16((tick >> 14) & 0x3fff)
        return frame
    }
}

final class TimedSession: CallSession {
    let inner: any CallSession
    let events: CallEventStream
    var callID: UUID { inner.callID }
    var metadata: CallMetadata { inner.metadata }

    init(inner: any CallSession, lateness: LatenessLog, onEnd: @escaping @Sendable () -> Void) {
        self.inner = inner
        let iterator = BenchEventIterator(inner.events.makeAsyncIterator())
        events = CallEventStream(next: {
            let event = await iterator.next()
            switch event {
            case .audio(let samples, _)? where samples.count >= 2:
                lateness.received(tick: Int(samples[0]) | Int(samples[1]) << 14)
            case .hangup?, nil:
                onEnd()
            default:
                break
            }
            return event
        })
    }

    func play(_ prompt: Prompt) async { await inner.play(prompt) }
    @discardableResult func stop() async -> Int { await inner.stop() }
    func hangup() async { await inner.hangup() }
}

final class BenchEventIterator: @unchecked Sendable {
    private var base: CallEventStream.AsyncIterator
    init(_ base: CallEventStream.AsyncIterator) { self.base = base }
    func next() async -> CallEvent? { await base.next() }
}

/// Frame delay (switch send → runner pull) in milliseconds, bucketed by 0.5 ms up to 1 s.
final class LatenessLog: Sendable {
    private let buckets = Mutex([Int](repeating: 0, count: 2_001))
    private let worst = Mutex(0.0)
    private let sentAt: Mutex<[ContinuousClock.Instant?]>

    init(ticks: Int) { sentAt = Mutex(Array(repeating: nil, count: ticks)) }

    func sent(tick: Int) {
        let now = ContinuousClock.now
        sentAt.withLock { if tick < $0.count { $0[tick] = now } }
    }

    func received(tick: Int) {
        let now = ContinuousClock.now
        guard let sent = sentAt.withLock({ tick < $0.count ? $0[tick] : nil }) else { return }
        let delay = now - sent
        let ms = Double(delay.components.seconds) * 1e3 + Double(delay.components.attoseconds) / 1e15
        let index = min(2_000, max(0, Int(ms * 2)))
        buckets.withLock { $0[index] += 1 }
        worst.withLock { $0 = max($0, ms) }
    }

    func summary() -> (count: Int, latePercent: Double, p50Ms: Double, p99Ms: Double, worstMs: Double) {
        let counts = buckets.withLock { $0 }
        let total = counts.reduce(0, +)
        let late = counts[41...].reduce(0, +)
        func percentile(_ p: Double) -> Double {
            var seen = 0
            for (index, count) in counts.enumerated() {
                seen += count
                if Double(seen) >= p * Double(total) { return Double(index) / 2 }
            }
            return 0
        }
        return (total, 100 * Double(late) / Double(max(1, total)), percentile(0.5), percentile(0.99), worst.withLock { $0 })
    }
}

