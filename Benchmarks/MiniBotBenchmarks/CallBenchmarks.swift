import Foundation
import Logging
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony
import NIOCore
import Synchronization

/// In-process cost of the call controller: one caller frame through VAD, AMD, DTMF and the
/// dialogue (the per-frame CPU each live call needs on top of the socket).
func callBenchmarks() -> [BenchmarkCase] {
    guard let scenario = try? Scenario.load(path: "scenarios/finance_agent.json"), let nlu = try? NLUPipeline() else {
        return []
    }
    let speech: [Int16] = (0..<160).map { Int16(truncatingIfNeeded: ($0 * 7_919) % 6_000 - 3_000) }
    let silence = [Int16](repeating: 0, count: 160)
    let frames = (0..<500).map { ($0 / 50) % 2 == 0 ? silence : speech }
    return [
        .throughput("call controller frame (VAD+AMD+DTMF+dialogue)", units: frames.count, unit: "frame") {
            var configuration = CallControllerConfiguration(answeringMachineDetection: .asteriskDefaults)
            configuration.defaultMaxCallDuration = nil
            var controller = CallController(scenario: scenario, nlu: nlu, configuration: configuration)
            blackHole(controller.handle(.start))
            for frame in frames { blackHole(controller.handle(.inboundFrame(frame))) }
        },
    ]
}

/// Result of ``callLoadBenchmark(calls:seconds:)``.
struct CallLoadResult {
    var calls: Int
    var latePercent: Double
    var worstLatenessMs: Double
    var cpuPercent: Double
    var residentKiBPerCall: Double
    var results: [String: Int]
}

/// N simultaneous simulated calls over real loopback TCP in this one process: the simulated
/// PBX dials the AudioSocket service running `scenarios/finance_agent.json`; every call hears
/// prompts, answers, is endpointed, recognised (simulated), recorded (stereo WAV + transcript)
/// with VAD and AMD on. Callers hang up after `seconds` if the scenario has not ended.
/// Wiring: `minibot-bench load 500 30` → `await callLoadBenchmark(calls: 500, seconds: 30)`.
@discardableResult
func callLoadBenchmark(calls: Int, seconds: Int) async -> CallLoadResult? {
    guard let scenario = try? Scenario.load(path: "scenarios/finance_agent.json"), let nlu = try? NLUPipeline() else {
        print("call load: run from the repository root (scenarios/finance_agent.json)")
        return nil
    }
    let script = SimulatedScript()
    let recordings = NSTemporaryDirectory() + "minibot-load-\(UUID().uuidString)"
    var controller = CallControllerConfiguration(answeringMachineDetection: .asteriskDefaults)
    controller.dialogue.defaultTimeout = 5
    let runner = CallRunner(scenario: scenario, nlu: nlu, recognizer: SimulatedRecognizer(script: script),
                            prompts: PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 50)),
                            options: .init(recordingsDirectory: recordings, controller: controller), logger: quietLogger)
    let rssBefore = benchResidentKiB()
    guard let service = try? await AudioSocketCallService.bind(
        configuration: .init(host: "127.0.0.1", port: 0, maximumConcurrentCalls: calls + 16), runner: runner),
        let port = service.localPort else {
        print("call load: cannot bind")
        return nil
    }
    let pbx = SimulatedPBX(port: port, voice: MurmurVoice(), onSay: { id, text in script.enqueue([text], for: id.uuidString) })
    let persona = Persona(name: "load", greeting: "allô oui", turns: [
        .say("oui c'est moi"), .say("oui j'en ai un"), .say("c'est trop cher"), .say("oui ça m'intéresse"),
        .say("oui d'accord"), .say("demain matin"),
    ], maxCallMs: seconds * 1_000)
    let results = LoadBox<[String: Int]>([:])
    let peak = LoadBox(0)
    let done = LoadBox(false)
    let cpuStart = benchCPUSeconds()
    let wallStart = ContinuousClock.now
    await withTaskGroup(of: Void.self) { group in
        group.addTask { try? await service.run(onReport: { report in results.update { $0[report.result.rawValue, default: 0] += 1 } }) }
        group.addTask {
            while !done.value {
                let now = benchResidentKiB()
                peak.update { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(500))
            }
        }
        await withTaskGroup(of: Void.self) { callers in
            for index in 0..<calls {
                callers.addTask {
                    // Calls arrive over the first two seconds, as from a dialer.
                    try? await Task.sleep(for: .microseconds(2_000_000 * index / max(1, calls)))
                    _ = try? await pbx.call(persona)
                }
            }
        }
        done.update { $0 = true }
        await service.shutdownGracefully()
        await group.waitForAll()
    }
    let wall = ContinuousClock.now - wallStart
    let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    let stats = service.statistics.snapshot()
    let result = CallLoadResult(
        calls: calls, latePercent: stats.lateFramePercentage,
        worstLatenessMs: Double(stats.worstLatenessNanoseconds) / 1e6,
        cpuPercent: 100 * (benchCPUSeconds() - cpuStart) / max(wallSeconds, 0.001),
        residentKiBPerCall: Double(max(0, peak.value - rssBefore)) / Double(max(1, calls)),
        results: results.value)
    print(String(format: "call load %4d calls (≤%ds): late>5ms %.3f%% of %d frames (worst %.1f ms)  CPU %.0f%% (bot + simulated PBX)  "
        + "RSS %.0f KiB/call (both sides)  wall %.1fs", calls, seconds, result.latePercent, stats.framesSent,
        result.worstLatenessMs, result.cpuPercent, result.residentKiBPerCall, wallSeconds))
    print("  outcomes: " + result.results.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
    try? FileManager.default.removeItem(atPath: recordings)
    return result
}

/// Bot reaction: from the endpointer closing an utterance (the moment the runner asks the
/// recognizer for the final text) to the first voiced frame of the next prompt arriving on the
/// simulated PBX's socket. Simulated recognizer, prompts already cached (pre-recorded case).
/// Wiring: `minibot-bench reaction` → `await reactionBenchmark()`.
@discardableResult
func reactionBenchmark(calls: Int = 20) async -> (p50: Double, p99: Double)? {
    guard let scenario = try? Scenario.load(path: "scenarios/finance_agent.json"), let nlu = try? NLUPipeline() else {
        print("reaction: run from the repository root (scenarios/finance_agent.json)")
        return nil
    }
    let script = SimulatedScript()
    let recognizer = EndpointStampingRecognizer(base: SimulatedRecognizer(script: script))
    let library = PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 20))
    let runner = CallRunner(scenario: scenario, nlu: nlu, recognizer: recognizer, prompts: library,
                            options: .init(recordingsDirectory: nil), logger: quietLogger)
    guard let service = try? await AudioSocketCallService.bind(configuration: .init(host: "127.0.0.1", port: 0), runner: runner),
          let port = service.localPort else { return nil }
    let pbx = SimulatedPBX(port: port, voice: MurmurVoice(millisecondsPerCharacter: 30),
                           onSay: { id, text in script.enqueue([text], for: id.uuidString) })
    let persona = Persona.answering(["oui c'est moi", "oui j'en ai un", "oui ça m'intéresse", "oui d'accord", "demain matin"])
    let samples = LoadBox<[Double]>([])
    await withTaskGroup(of: Void.self) { group in
        // The server accepts only while `run` is asking for calls: start it before any call.
        group.addTask { try? await service.run() }
        _ = try? await pbx.call(persona)   // warm-up: every prompt gets cached
        await withTaskGroup(of: Void.self) { callers in
            for _ in 0..<calls {
                callers.addTask {
                    let id = UUID()
                    guard let outcome = try? await pbx.call(persona, callID: id) else { return }
                    let finishes = recognizer.stamps(for: id.uuidString)
                    var values: [Double] = []
                    for finish in finishes {
                        if let start = outcome.promptStartNanoseconds.first(where: { $0 > finish }) {
                            values.append(Double(start - finish) / 1e6)
                        }
                    }
                    samples.update { $0 += values }
                }
            }
        }
        await service.shutdownGracefully()
        await group.waitForAll()
    }
    let values = samples.value.sorted()
    guard !values.isEmpty else { return nil }
    let p50 = BenchmarkRunner.percentile(values, 0.5), p99 = BenchmarkRunner.percentile(values, 0.99)
    print(String(format: "reaction (endpoint → first prompt frame on the socket), %d turns: p50 %.1f ms  p99 %.1f ms  max %.1f ms",
                 values.count, p50, p99, values.last ?? 0))
    return (p50, p99)
}

/// Stamps the moment each utterance is finished (= the endpoint), per call.
final class EndpointStampingRecognizer: SpeechRecognizer {
    let base: any SpeechRecognizer
    var name: String { base.name }
    private let finishes = Mutex<[String: [UInt64]]>([:])

    init(base: any SpeechRecognizer) { self.base = base }

    func stamps(for callID: String) -> [UInt64] { finishes.withLock { $0[callID] ?? [] } }

    func record(_ callID: String) {
        let now = NIODeadline.now().uptimeNanoseconds
        finishes.withLock { $0[callID, default: []].append(now) }
    }

    func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        let session = try await base.startSession(callID: callID, sampleRate: sampleRate, hints: hints)
        return StampingSession(base: session) { [self] in record(callID) }
    }

    struct StampingSession: RecognitionSession {
        let base: any RecognitionSession
        let stamp: @Sendable () -> Void
        func accept(_ frame: [Int16]) async throws -> RecognitionResult? { try await base.accept(frame) }
        func finish() async throws -> RecognitionResult {
            stamp()
            return try await base.finish()
        }
    }
}

/// Per-call info logs would drown the measurements.
let quietLogger: Logger = {
    var logger = Logger(label: "minibot.calls.bench")
    logger.logLevel = .warning
    return logger
}()

/// A lock-protected value shared by the benchmark's tasks.
final class LoadBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>
    init(_ value: Value) { storage = Mutex(value) }
    var value: Value { storage.withLock { $0 } }
    func update(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }
}


