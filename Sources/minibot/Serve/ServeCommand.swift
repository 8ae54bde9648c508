import ArgumentParser
import Foundation
import Logging
import Metrics
import MiniBotDialogue
import MiniBotServer
import Prometheus
import Synchronization

/// `minibot serve`: the long-lived service (seed `main.py` / `start_system.sh`): REST API and
/// dashboard on `API_PORT`, campaign dialling through the configured PBX, and, when a scenario
/// is given, the AudioSocket listener Asterisk sends inbound calls to.
///
/// Settings come from the environment over `.env` (see `.env.example`); flags override them.
/// SIGTERM stops dialling, lets live calls finish (at most `SHUTDOWN_GRACE_SECONDS`), exits 0.
/// ```
/// minibot serve                                   # API on 127.0.0.1:8000, PBX=simulated
/// minibot serve --audiosocket 0.0.0.0:9092 --scenario sav_inbound --stt vosk
/// ```
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the service: REST API, dashboard, metrics, campaign dialling and inbound AudioSocket calls.",
        discussion: """
        Reads the variables of .env.example from the environment and from --env-file (default .env); \
        the environment wins, flags win over both. Refuses to start on a non-loopback API_HOST without a real API_PASSWORD.
        """
    )

    @Option(name: .customLong("env-file"), help: "Environment file to read (default .env; a missing file is fine).")
    var environmentFile: String = ".env"

    @Option(name: .customLong("audiosocket"), help: "Inbound AudioSocket listener HOST:PORT (AUDIOSOCKET_HOST/PORT).")
    var audiosocket: String?

    @Option(help: "Scenario answering inbound AudioSocket calls (SCENARIO); no inbound listener without one.")
    var scenario: String?

    @Option(help: "Folder of pre-recorded prompts (SOUNDS_DIR).")
    var sounds: String?

    @Option(help: "Folder for recordings and transcripts (RECORDINGS_DIR).")
    var recordings: String?

    @Option(help: "Speech recognizer: simulated, vosk or whisper (STT_ENGINE).")
    var stt: String?

    @Option(name: .customLong("max-calls"), help: "Maximum simultaneous calls (MAX_CONCURRENT_CALLS).")
    var maxCalls: Int?

    @Option(name: .customLong("api"), help: "API listen address HOST:PORT (API_HOST/API_PORT).")
    var api: String?

    @Flag(help: "PBX=simulated only: dial outside the legal calling hours (the simulated PBX calls nobody).")
    var ignoreCallingHours = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var values = try await ServiceConfigurationLoader.values(environmentFile: environmentFile)
        try applyFlags(to: &values)
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration(values: values)
            try configuration.checkExposure()
        } catch {
            throw CLIError("configuration: \(error)")
        }
        var logger = Logger(label: "minibot.serve")
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(ServiceMetrics.prometheusFactory(registry))
        var databaseOptions = database
        databaseOptions.url = database.url ?? configuration.databaseURL
        let scenariosDirectory = configuration.scenariosDirectory
        try await withDatabase(databaseOptions) { db in
            try await MiniBotService.run(
                configuration: configuration, database: db,
                scenarios: { name in
                    guard let path = ScenarioLocator.path(for: name, folder: scenariosDirectory) else {
                        throw CLIError("scenario \(name) not found in \(scenariosDirectory)/")
                    }
                    return try Scenario.load(path: path)
                },
                registry: registry, ignoreCallingHours: ignoreCallingHours,
                http: { environment, configuration, logger in
                    MiniBotAPI.application(environment: environment, host: configuration.api.host,
                                           port: configuration.api.port, logger: logger)
                },
                logger: logger)
        }
    }

    /// Flags become the variables they override, so one parser checks everything.
    func applyFlags(to values: inout [String: String]) throws {
        func split(_ address: String, flag: String) throws -> (String, String) {
            let parts = address.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("\(flag) \(address): expected HOST:PORT, e.g. 0.0.0.0:9092")
            }
            return (String(parts[0]), String(parts[1]))
        }
        if let audiosocket { (values["AUDIOSOCKET_HOST"], values["AUDIOSOCKET_PORT"]) = try split(audiosocket, flag: "--audiosocket") }
        if let api { (values["API_HOST"], values["API_PORT"]) = try split(api, flag: "--api") }
        if let scenario { values["SCENARIO"] = scenario }
        if let sounds { values["SOUNDS_DIR"] = sounds }
        if let recordings { values["RECORDINGS_DIR"] = recordings }
        if let stt { values["STT_ENGINE"] = stt }
        if let maxCalls { values["MAX_CONCURRENT_CALLS"] = String(maxCalls) }
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
