import Foundation
import MiniBotCalls
import MiniBotDialogue
import MiniBotSpeech
import MiniBotTelephony
import Synchronization

final class ReportBox: Sendable {
    private let reports = Mutex<[CallReport]>([])
    func append(_ report: CallReport) { reports.withLock { $0.append(report) } }
    var all: [CallReport] { reports.withLock { $0 } }
}

/// The bot's AudioSocket service on a free loopback port, with the simulated recognizer wired
/// to the simulated PBX, tone prompts of a chosen pace, and recordings in a temporary folder.
enum Loopback {
    static func run<Result: Sendable>(
        scenario: Scenario,
        controller: CallControllerConfiguration = CallControllerConfiguration(),
        promptMsPerCharacter: Int = 20,
        record: Bool = true,
        recognizer makeRecognizer: @Sendable (SimulatedScript) -> any SpeechRecognizer = { SimulatedRecognizer(script: $0) },
        voice: any CallerVoice = MurmurVoice(millisecondsPerCharacter: 30),
        _ body: @Sendable (SimulatedPBX) async throws -> Result
    ) async throws -> (Result, [CallReport], recordings: String) {
        let script = SimulatedScript()
        let recordings = NSTemporaryDirectory() + "minibot-rec-\(UUID().uuidString)"
        let library = PromptLibrary(soundsRoot: nil,
                                    synthesizer: ToneSynthesizer(millisecondsPerCharacter: promptMsPerCharacter))
        let runner = CallRunner(scenario: scenario, nlu: Fixtures.nlu, recognizer: makeRecognizer(script),
                                prompts: library,
                                options: .init(recordingsDirectory: record ? recordings : nil, controller: controller))
        let service = try await AudioSocketCallService.bind(configuration: .init(host: "127.0.0.1", port: 0), runner: runner)
        let port = try Loopback.require_port(service.localPort)
        let reports = ReportBox()
        let pbx = SimulatedPBX(port: port, voice: voice,
                               onSay: { id, text in script.enqueue([text], for: id.uuidString) })
        let result = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run(onReport: { reports.append($0) }) }
            let result = try await body(pbx)
            await service.shutdownGracefully()
            try await group.waitForAll()
            return result
        }
        return (result, reports.all, recordings)
    }

    struct NoPort: Error {}
    // swiftlint:disable:next identifier_name
    static func require_port(_ port: Int?) throws -> Int {
        guard let port else { throw NoPort() }
        return port
    }
}


/// An engine that never answers (until cancelled): the call must keep running around it.
struct UnresponsiveRecognizer: SpeechRecognizer {
    let name = "unresponsive"
    func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        Session()
    }

    struct Session: RecognitionSession {
        func accept(_ frame: [Int16]) async throws -> RecognitionResult? { nil }
        func finish() async throws -> RecognitionResult {
            try await Task.sleep(for: .seconds(3_600))
            return .silence(engine: "unresponsive")
        }
    }
}
