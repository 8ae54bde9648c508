import ArgumentParser
import Foundation
import Logging
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony
import Synchronization

/// `minibot serve`: the bot as an AudioSocket server (seed `main.py` / `start_system.sh`).
///
/// Asterisk connects with `AudioSocket(${UUID},host:port)`; each call runs the scenario with
/// the chosen recognizer and is recorded. SIGINT/SIGTERM stop accepting calls and let live
/// calls finish before exiting.
/// ```
/// minibot serve --audiosocket 0.0.0.0:9092 --scenario finance_agent --sounds sounds --recordings recordings --stt vosk
/// ```
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer AudioSocket calls from Asterisk with a scenario.",
        discussion: """
        Environment fallbacks: AUDIOSOCKET_HOST, AUDIOSOCKET_PORT, SCENARIO, SOUNDS_DIR, RECORDINGS_DIR, STT_ENGINE \
        (plus VOSK_MODEL_PATH, WHISPER_URL… for the engines), MAX_CONCURRENT_CALLS.
        """
    )

    @Option(name: .customLong("audiosocket"), help: "Listen address HOST:PORT (default 0.0.0.0:9092).")
    var audiosocket: String?

    @Option(help: "Scenario file (JSON or YAML).")
    var scenario: String?

    @Option(help: "Folder of pre-recorded prompts (scenario audio_file paths are relative to it).")
    var sounds: String?

    @Option(help: "Folder for <call-id>.wav/.json/.txt recordings (none when omitted).")
    var recordings: String?

    @Option(help: "Speech recognizer: simulated, vosk or whisper.")
    var stt: String?

    @Option(name: .customLong("max-calls"), help: "Maximum simultaneous calls (MAX_CONCURRENT_CALLS, default 500).")
    var maxCalls: Int?

    @Flag(help: "Run answering-machine detection (outbound calls).")
    var amd = false

    @Option(name: .customLong("barge-in-grace-ms"), help: "Prompt time before the caller may interrupt (default 3000).")
    var bargeInGraceMs = 3_000

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try ServeSettings(audiosocket: audiosocket, scenario: scenario, sounds: sounds, recordings: recordings,
                                         stt: stt, maxCalls: maxCalls, environment: environment)
        let logger = Logger(label: "minibot.serve")
        let scenario: Scenario
        do { scenario = try ScenarioLocator.load(settings.scenario).scenario } catch { throw ServeError("\(error)") }
        var recognizerConfiguration = try RecognizerConfiguration(environment: environment)
        recognizerConfiguration.engine = settings.stt
        let recognizer = try await RecognizerFactory.make(recognizerConfiguration, environment: environment, logger: logger)
        var controller = CallControllerConfiguration(bargeInGraceMs: bargeInGraceMs)
        controller.answeringMachineDetection = amd ? .asteriskDefaults : nil
        let runner = CallRunner(scenario: scenario, nlu: try NLUPipeline(), recognizer: recognizer,
                                prompts: .standard(soundsRoot: settings.sounds, logger: logger),
                                options: .init(recordingsDirectory: settings.recordings, controller: controller),
                                logger: Logger(label: "minibot.calls"))
        let service = try await AudioSocketCallService.bind(
            configuration: .init(host: settings.host, port: settings.port, maximumConcurrentCalls: settings.maxCalls),
            runner: runner, logger: logger)
        logger.info("serving", metadata: [
            "scenario": "\(scenario.metadata.name)", "port": "\(service.localPort ?? settings.port)",
            "stt": "\(recognizer.name)", "max_calls": "\(settings.maxCalls)",
        ])
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                try await service.run(onReport: { report in
                    logger.info("call report", metadata: [
                        "call": "\(report.callID)", "result": "\(report.result.rawValue)", "score": "\(report.score)",
                        "duration_ms": "\(report.durationMs)",
                    ])
                })
                signals.cancel()
            }
            group.addTask {
                guard let signal = await signals.next() else { return }
                logger.notice("signal \(signal): no new calls; waiting for live calls to finish")
                await service.shutdownGracefully()
            }
        }
    }
}

/// Turns SIGINT/SIGTERM into an async value (Dispatch signal sources, the default action disabled).
final class SignalWatcher: Sendable {
    private let stream: AsyncStream<Int32>
    private let continuation: AsyncStream<Int32>.Continuation
    private let sources: Mutex<[any DispatchSourceSignal]>

    init(signals: [Int32]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        self.continuation = continuation
        sources = Mutex(signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        })
    }

    func next() async -> Int32? {
        var iterator = stream.makeAsyncIterator()
        return await iterator.next()
    }

    func cancel() {
        continuation.finish()
        sources.withLock { for source in $0 { source.cancel() } }
    }
}
