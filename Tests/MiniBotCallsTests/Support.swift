import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

/// Shared fixtures: the shipped finance scenario with short timeouts, synthetic frames and a
/// deterministic stand-in for the PBX and recognizer around a `CallController`.
enum Fixtures {
    static let nlu: NLUPipeline = {
        do { return try NLUPipeline() } catch { fatalError("NLU resources missing: \(error)") }
    }()

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// `scenarios/finance_agent.json` with every step's timeout set to `timeout` seconds.
    static func finance(timeout: Double = 2, bargeIn: Bool? = nil) throws -> Scenario {
        var scenario = try Scenario.load(path: repositoryRoot + "/scenarios/finance_agent.json")
        scenario.steps = scenario.steps.map { step in
            var step = step
            step.timeout = timeout
            if let bargeIn { step.bargeIn = bargeIn }
            return step
        }
        return scenario
    }

    /// Speech-like noise well above the VAD's threshold (deterministic).
    static func speech(_ count: Int, seed: UInt32 = 1, amplitude: Int32 = 6_000) -> [[Int16]] {
        var state = seed &* 2_654_435_761 | 1
        return (0..<count).map { _ in
            (0..<160).map { _ in
                state ^= state << 13; state ^= state >> 17; state ^= state << 5
                return Int16(Int32(state % UInt32(2 * amplitude)) - amplitude)
            }
        }
    }

    static func silence(_ count: Int) -> [[Int16]] {
        Array(repeating: [Int16](repeating: 0, count: 160), count: count)
    }

    /// One 20 ms frame of a DTMF digit's two tones.
    static func dtmf(_ low: Double, _ high: Double, frames: Int) -> [[Int16]] {
        var out: [[Int16]] = []
        for frame in 0..<frames {
            out.append((0..<160).map { index in
                let t = Double(frame * 160 + index) / 8_000
                return Int16((sin(2 * .pi * low * t) + sin(2 * .pi * high * t)) * 8_000)
            })
        }
        return out
    }
}

/// A frame-accurate fake call around a `CallController`: prompts "play" for a fixed number of
/// frames each, stops are immediate, and recognitions answer from `script` right at the endpoint
/// (or `recognitionDelay` frames later).
struct FakeCall {
    var controller: CallController
    var promptFrames: Int
    var script: [SimulatedUtterance] = []
    var recognitionDelay = 0
    /// Every command with the inbound frame index at which it was emitted.
    var log: [(frame: Int, command: CallCommand)] = []
    var playing: [(request: PromptRequest, remaining: Int)] = []
    var pendingResults: [(due: Int, utterance: Int)] = []
    var fed: [Int: [[Int16]]] = [:]

    init(controller: CallController, promptFrames: Int = 100) {
        self.controller = controller
        self.promptFrames = promptFrames
    }

    var frame: Int { controller.frameIndex }
    var commands: [CallCommand] { log.map(\.command) }
    var plays: [PromptRequest] { commands.compactMap { if case .play(let request) = $0 { request } else { nil } } }

    mutating func send(_ input: CallInput) {
        let commands = controller.handle(input)
        let at = max(0, controller.frameIndex - 1)
        for command in commands {
            log.append((at, command))
            switch command {
            case .play(let request): playing.append((request, promptFrames))
            case .stopPlayback: playing.removeAll()
            case .startRecognition(let utterance): fed[utterance] = []
            case .feedRecognition(let samples, let utterance): fed[utterance, default: []].append(samples)
            case .finishRecognition(let utterance): pendingResults.append((frame + recognitionDelay, utterance))
            case .cancelRecognition(let utterance): pendingResults.removeAll { $0.utterance == utterance }
            default: break
            }
        }
    }

    mutating func start() { send(.start) }

    /// Feeds frames one by one, advancing playback and delivering due recognition results.
    mutating func feed(_ frames: [[Int16]]) {
        for samples in frames {
            send(.inboundFrame(samples))
            deliverDueResults()
            if !playing.isEmpty {
                playing[0].remaining -= 1
                if playing[0].remaining <= 0 {
                    let done = playing.removeFirst()
                    send(.playbackFinished(PlaybackReport(promptID: done.request.playbackID, framesPlayed: promptFrames, interrupted: false)))
                }
            }
        }
    }

    mutating func deliverDueResults() {
        while let first = pendingResults.first, first.due <= frame {
            pendingResults.removeFirst()
            let next = script.isEmpty ? nil : script.removeFirst()
            switch next {
            case .said(let text, let confidence)?:
                send(.recognized(RecognitionResult(text: text, confidence: confidence, isFinal: true, engine: "simulated"),
                                 utterance: first.utterance))
            case .failure(let error)?:
                send(.recognitionFailed(.engine(error), utterance: first.utterance))
            case nil:
                send(.recognized(.silence(engine: "simulated"), utterance: first.utterance))
            }
        }
    }

    /// Feeds silence until the playing queue is empty (or `limit` frames).
    mutating func playOut(limit: Int = 2_000) {
        var count = 0
        while !playing.isEmpty, count < limit, !controller.isFinished {
            feed(Fixtures.silence(1))
            count += 1
        }
    }

    func firstFrame(where match: (CallCommand) -> Bool) -> Int? {
        log.first { match($0.command) }?.frame
    }
}

extension CallCommand {
    var isStop: Bool { if case .stopPlayback = self { true } else { false } }
    var isStartRecognition: Bool { if case .startRecognition = self { true } else { false } }
    var hangupOutcome: CallOutcome? { if case .hangup(let outcome) = self { outcome } else { nil } }
}
