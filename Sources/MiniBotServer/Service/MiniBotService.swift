import Foundation
import Logging
import Metrics
import MiniBotCalls
import MiniBotDialogue
import MiniBotDispatch
import MiniBotLanguage
import MiniBotOutbound
import MiniBotSpeech
import MiniBotStorage
import MiniBotTelephony
import Prometheus
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `minibot serve` assembled: one ``ServiceGroup`` holding the HTTP API, the inbound AudioSocket
/// listener (when a scenario answers inbound calls) and the campaign dialler.
///
/// Services start in that order and stop in reverse on SIGTERM/SIGINT: the dialler first (no
/// new dial, live calls finish, bounded by `SHUTDOWN_GRACE_SECONDS`), then inbound calls, then
/// the API, so the dashboard shows the drain until the end.
public enum MiniBotService {
    /// What the HTTP side needs to be built; the executable supplies the Hummingbird application.
    public typealias HTTPServiceFactory = @Sendable (APIEnvironment, ServiceConfiguration, Logger) throws -> any Service

    /// The assembled service: run ``group``; tests and benchmarks also reach the parts.
    public struct Assembly: Sendable {
        public let group: ServiceGroup
        public let dialing: CampaignDialingService
        public let metrics: ServiceMetrics
    }

    public static func run(configuration: ServiceConfiguration, database: Database,
                           scenarios: @escaping @Sendable (String) throws -> Scenario,
                           line: (any CallLineProvider)? = nil,
                           registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                           probes: [HealthProbe] = [], ignoreCallingHours: Bool = false,
                           http: HTTPServiceFactory, logger: Logger) async throws {
        let assembly = try await assemble(configuration: configuration, database: database, scenarios: scenarios, line: line,
                                          registry: registry, probes: probes, ignoreCallingHours: ignoreCallingHours,
                                          signals: [.sigterm, .sigint], http: http, logger: logger)
        try await assembly.group.run()
    }

    /// Builds every service; `signals` trigger the graceful shutdown (none in tests: call
    /// `group.triggerGracefulShutdown()`).
    public static func assemble(configuration: ServiceConfiguration, database: Database,
                                scenarios: @escaping @Sendable (String) throws -> Scenario,
                                line: (any CallLineProvider)? = nil,
                                registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry(),
                                probes: [HealthProbe] = [], ignoreCallingHours: Bool = false,
                                signals: [UnixSignal] = [],
                                http: HTTPServiceFactory, logger: Logger) async throws -> Assembly {
        try configuration.checkExposure()
        if ignoreCallingHours, !(try PBXConfiguration(environment: configuration.values).dialsNoRealPhone) {
            throw ConfigurationError(variable: "PBX", message: "=\(configuration.pbx): calling hours may only be ignored with PBX=simulated "
                                     + "or a loopback/ FREESWITCH_DIAL_STRING (nobody's phone rings)")
        }
        let metrics = ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry))
        var lineOptions = SimulatedLine.Options(recordingsDirectory: configuration.recordingsDirectory,
                                                soundsRoot: configuration.soundsDirectory)
        lineOptions.maximumConcurrentCalls = configuration.calls.maximumConcurrentCalls
        lineOptions.answeringMachineDetection = configuration.calls.answeringMachineDetection
        lineOptions.maximumCallSeconds = configuration.calls.maximumCallSeconds
        lineOptions.observer = metrics
        let languageModel = configuration.languageModel.map {
            LanguageModelService(model: HTTPLanguageModel(configuration: $0, logger: logger), timeout: $0.timeout)
        }
        lineOptions.languageModel = languageModel
        // One recognizer per process, shared by the PBX line and inbound calls (a Vosk model loads once).
        let recognizer = SharedRecognizer(configuration: configuration, logger: logger)
        let chosenLine: any CallLineProvider
        if let line {
            chosenLine = line
        } else {
            chosenLine = try await defaultLine(configuration: configuration, simulated: lineOptions, database: database,
                                               recognizer: recognizer, languageModel: languageModel, logger: logger)
        }
        let line = chosenLine

        var dialingOptions = CampaignDialingService.Options()
        dialingOptions.dispatcher.exitWhenOnlyFutureWork = false
        dialingOptions.dispatcher.relaxCallingHours = ignoreCallingHours
        dialingOptions.dispatcher.workerBudget = WorkerCallBudget(limit: configuration.calls.maximumConcurrentCalls)
        dialingOptions.shutdownDeadline = shutdownDeadline(graceSeconds: configuration.calls.shutdownGraceSeconds)
        let dialing = CampaignDialingService(
            database: database, line: line, scenarios: scenarios,
            worker: WorkerIdentity.make(configured: configuration.workerID, role: "serve"), options: dialingOptions,
            metrics: metrics, logger: logger)

        var services: [any Service] = []
        if let languageModel { services.append(LanguageModelWarmup(model: languageModel.model, logger: logger)) }
        var environment = APIEnvironment(
            database: database, control: dialing, scenariosDirectory: configuration.scenariosDirectory,
            recordingsDirectory: configuration.recordingsDirectory,
            bearerTokens: Set(configuration.api.password.map { [$0] } ?? []),
            maximumBodyBytes: configuration.api.maximumBodyBytes,
            probes: probes + [lineProbe(line)],
            performance: { metrics.performance() },
            metricsText: {
                metrics.publishPacing()
                metrics.publishInboundRefusals()
                return registry.emitToString()
            })
        environment.summaryMaximumAge = 1
        services.append(try http(environment, configuration, logger))
        if let inboundScenario = configuration.inbound.scenario {
            services.append(try await inboundService(configuration: configuration, scenario: try scenarios(inboundScenario),
                                                     metrics: metrics, recognizer: try await recognizer.get(), logger: logger))
        }
        // The PBX line opens before the dialler and closes after it (services stop in reverse order).
        if let pbxLine = line as? PBXLineService { services.append(pbxLine) }
        services.append(dialing)
        let group = ServiceGroup(configuration: groupConfiguration(services: services, configuration: configuration, signals: signals,
                                                                   logger: logger))
        logger.notice("minibot serve started", metadata: [
            "api": "\(configuration.api.host):\(configuration.api.port)", "pbx": "\(line.name)",
            "database": "\(database.url)", "inbound": "\(configuration.inbound.scenario.map { "\(configuration.inbound.host):\(configuration.inbound.port) \($0)" } ?? "off")",
        ])
        return Assembly(group: group, dialing: dialing, metrics: metrics)
    }

    /// When live calls are hung up after SIGTERM: a little before the group's own limit
    /// (`SHUTDOWN_GRACE_SECONDS`), so the calls are closed by this worker and the process exits 0.
    static func shutdownDeadline(graceSeconds: Int) -> Duration {
        let grace = Double(graceSeconds)
        return .milliseconds(Int64(max(0, grace - min(3, grace * 0.3)) * 1_000))
    }

    /// `/health`'s PBX line: the simulated PBX is always there; FreeSWITCH/Asterisk are asked
    /// (Event Socket authentication, ARI `asterisk/info`) with a short deadline.
    static func lineProbe(_ line: any CallLineProvider) -> HealthProbe {
        guard let pbx = line as? PBXLineService else {
            return HealthProbe(name: "pbx") { HealthStatus(ok: true, detail: "\(line.name) line ready") }
        }
        return HealthProbe(name: "pbx") {
            let checks = await PBXLine.checkReachability(pbx.configuration, timeout: .seconds(2))
            let failed = checks.filter { !$0.ok && !$0.name.contains("listener") }
            return HealthStatus(ok: failed.isEmpty, detail: (failed.isEmpty ? checks : failed).map { "\($0.name): \($0.detail)" }
                .joined(separator: "; "))
        }
    }

    /// The simulated PBX, or the `PBX=` connector with the configured speech recognizer.
    static func defaultLine(configuration: ServiceConfiguration, simulated: SimulatedLine.Options, database: Database,
                            recognizer: SharedRecognizer, languageModel: LanguageModelService? = nil,
                            logger: Logger) async throws -> any CallLineProvider {
        let pbx = try PBXConfiguration(environment: configuration.values)
        let line = try await CallLine.choose(pbx, simulated: simulated) {
            var options = PBXLine.Options(recognizer: try await recognizer.get(), recordingsDirectory: configuration.recordingsDirectory,
                                          soundsRoot: configuration.soundsDirectory)
            options.maximumConcurrentCalls = configuration.calls.maximumConcurrentCalls
            options.logger = logger
            options.languageModel = languageModel
            return options
        }
        switch line {
        case .simulated(let options): return SimulatedLineProvider(options: options, database: database, logger: logger)
        case .pbx(let pbx, let options): return PBXLineService(configuration: pbx, options: options, database: database)
        }
    }

    static func groupConfiguration(services: [any Service], configuration: ServiceConfiguration, signals: [UnixSignal],
                                   logger: Logger) -> ServiceGroupConfiguration {
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: signals, logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(configuration.calls.shutdownGraceSeconds)
        groupConfiguration.maximumCancellationDuration = .seconds(10)
        return groupConfiguration
    }

    static func inboundService(configuration: ServiceConfiguration, scenario: Scenario, metrics: ServiceMetrics,
                               recognizer shared: (any SpeechRecognizer)? = nil, logger: Logger) async throws -> InboundCallService {
        let recognizer: any SpeechRecognizer
        if let shared {
            recognizer = shared
        } else {
            recognizer = try await SharedRecognizer(configuration: configuration, logger: logger).get()
        }
        // Inbound: no AMD (the caller dialled us), the wall clock, Asterisk's desk for transfers.
        var recipe = CallRunnerRecipe(recognizer: recognizer, prompts: .standard(soundsRoot: configuration.soundsDirectory, logger: logger),
                                      recordingsDirectory: configuration.recordingsDirectory, logger: logger)
        recipe.maximumCallSeconds = configuration.calls.maximumCallSeconds
        recipe.clock = .continuous
        recipe.transferDesk = inboundTransferDesk(configuration.values, logger: logger)
        recipe.languageModel = configuration.languageModel.map {
            LanguageModelService(model: HTTPLanguageModel(configuration: $0, logger: logger), timeout: $0.timeout)
        }
        let runner = try recipe.makeRunner(scenario: scenario)
        let service = try await AudioSocketCallService.bind(
            configuration: .init(host: configuration.inbound.host, port: configuration.inbound.port,
                                 maximumConcurrentCalls: configuration.inbound.maximumCalls),
            runner: runner, logger: logger)
        metrics.watchInbound(service.statistics, capacity: configuration.inbound.maximumCalls)
        return InboundCallService(service: service, observer: metrics, logger: logger)
    }
}

/// The process's speech recognizer, built on first use and then shared (the PBX line and the
/// inbound listener used to build one each: two Vosk models in memory).
final class SharedRecognizer: Sendable {
    private let configuration: ServiceConfiguration
    private let logger: Logger
    private let built = Mutex<(any SpeechRecognizer)?>(nil)

    init(configuration: ServiceConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    func get() async throws -> any SpeechRecognizer {
        if let recognizer = built.withLock({ $0 }) { return recognizer }
        var recognizerConfiguration = try RecognizerConfiguration(environment: configuration.values)
        recognizerConfiguration.engine = RecognizerConfiguration.Engine(rawValue: configuration.speechEngine) ?? .simulated
        let recognizer = try await RecognizerFactory.make(recognizerConfiguration, environment: configuration.values, logger: logger)
        return built.withLock { stored in
            if let stored { return stored }
            stored = recognizer
            return recognizer
        }
    }
}
