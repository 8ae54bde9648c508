import Foundation
import Logging
import MiniBotCalls
import MiniBotDialogue
import MiniBotDispatch
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

/// The telephone line of a live campaign, chosen by ``PBXConfiguration``: starts the connector's
/// services (FreeSWITCH: Event Socket client + mod_audio_stream server; Asterisk: ARI client +
/// AudioSocket server + session router), hands `body` a ``CallPlacer`` over them, and shuts
/// everything down when `body` returns. `PBX=simulated` is the ``SimulatedLine``.
///
/// ```swift
/// let configuration = try PBXConfiguration(environment: ProcessInfo.processInfo.environment)
/// try await PBXLine.withLine(configuration: configuration, scenario: scenario,
///                            options: .init(recognizer: recognizer)) { placer in
///     try await CampaignDispatcher(campaignID: id, worker: "w1", environment: env(placer)).run()
/// }
/// ```
public enum PBXLine {
    public struct Options: Sendable {
        /// What hears the callee; the simulated line always uses the simulated recognizer.
        public var recognizer: (any SpeechRecognizer)?
        public var recordingsDirectory: String?
        /// Folder of the scenario's `audio_file`s (prompts without one are synthesised).
        public var soundsRoot: String?
        /// Overrides the standard prompt library (tests use short tones).
        public var prompts: PromptLibrary?
        public var bargeInGraceMs = 3_000
        public var timeZone = TimeZone(identifier: "Europe/Paris")!
        public var maximumConcurrentCalls = 500
        /// How long to wait for the PBX connection before giving up on the line.
        public var connectTimeout: Duration = .seconds(10)
        /// Wraps the connector's dialer (instrumentation, tests that script the callee).
        public var dialerDecorator: (@Sendable (any PBXDialer) -> any PBXDialer)?
        public var logger = Logger(label: "minibot.pbx")
        /// `LLM_ENGINE`'s model for intent fall-back, freestyle answers and `llm_prompt` steps; nil: rules only.
        public var languageModel: LanguageModelService?

        public init(recognizer: (any SpeechRecognizer)? = nil, recordingsDirectory: String? = nil, soundsRoot: String? = nil) {
            self.recognizer = recognizer
            self.recordingsDirectory = recordingsDirectory
            self.soundsRoot = soundsRoot
        }
    }

    public static func withLine<T: Sendable>(
        configuration: PBXConfiguration, scenario: Scenario, options: Options,
        now: @escaping @Sendable () -> Date = { Date() },
        onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void = { _, _ in },
        _ body: @escaping @Sendable (any CallPlacer) async throws -> T
    ) async throws -> T {
        switch configuration.kind {
        case .simulated:
            var simulated = SimulatedLine.Options(recordingsDirectory: options.recordingsDirectory, soundsRoot: options.soundsRoot)
            simulated.timeZone = options.timeZone
            simulated.maximumConcurrentCalls = options.maximumConcurrentCalls
            simulated.prompts = options.prompts
            return try await SimulatedLine.withLine(scenario: scenario, options: simulated, logger: options.logger, now: now,
                                                    onTurns: onTurns) { try await body($0) }
        case .freeswitch, .asterisk:
            guard options.recognizer != nil else { throw PBXLineError.missingSettings("a speech recognizer") }   // before connecting
            return try await withConnector(configuration: configuration, options: options) { connector in
                try await body(try connector.placer(scenario: scenario, now: now, onTurns: onTurns))
            }
        }
    }

    /// The connector's services, open for `body`, without a scenario: placers for any number of
    /// scenarios come from the one ``Connector`` (`serve` keeps one open for all its campaigns).
    public static func withConnector<T: Sendable>(
        configuration: PBXConfiguration, options: Options, _ body: @escaping @Sendable (Connector) async throws -> T
    ) async throws -> T {
        switch configuration.kind {
        case .simulated:
            throw PBXLineError.missingSettings("PBX=freeswitch or asterisk (the simulated PBX has no connector)")
        case .freeswitch:
            guard let fs = configuration.freeSwitch else { throw PBXLineError.missingSettings("freeswitch") }
            let options = options.sharingPrompts()
            return try await FreeSwitchServices.with(fs, options: options) { dialer in
                try await body(Connector(dialer: dialer, configuration: configuration, options: options))
            }
        case .asterisk:
            guard let ast = configuration.asterisk else { throw PBXLineError.missingSettings("asterisk") }
            let options = options.sharingPrompts()
            return try await AsteriskServices.with(ast, options: options) { dialer in
                try await body(Connector(dialer: dialer, configuration: configuration, options: options))
            }
        }
    }

    /// An open PBX connection (Event Socket + audio-stream server, or ARI + AudioSocket server)
    /// that hands out a placer per scenario, each with its own call runner.
    public struct Connector: Sendable {
        public let dialer: any PBXDialer
        let configuration: PBXConfiguration
        let options: Options

        public func placer(scenario: Scenario, now: @escaping @Sendable () -> Date = { Date() },
                           onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void = { _, _ in }) throws -> PBXCallPlacer {
            PBXLine.placer(dialer, runner: try PBXLine.makeRunner(configuration, scenario: scenario, options: options),
                           configuration: configuration, options: options, now: now, onTurns: onTurns)
        }
    }

    static func placer(_ dialer: any PBXDialer, runner: CallRunner, configuration: PBXConfiguration, options: Options,
                       now: @escaping @Sendable () -> Date, onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void) -> PBXCallPlacer {
        let dialer = options.dialerDecorator?(dialer) ?? dialer
        let placerOptions = PBXCallPlacer.Options(
            callerID: configuration.callerID, ringTimeoutSeconds: configuration.ringTimeoutSeconds,
            pbxMachineDetection: configuration.pbxMachineDetection,
            inProcessMachineDetection: configuration.dualLayerMachineDetection, timeZone: options.timeZone)
        return PBXCallPlacer(dialer: dialer, runner: runner, options: placerOptions, now: now, onTurns: onTurns, logger: options.logger)
    }

    static func makeRunner(_ configuration: PBXConfiguration, scenario: Scenario, options: Options) throws -> CallRunner {
        // (`withConnector` fills `options.prompts` once, so every scenario's runner shares one prompt cache.)
        try recipe(configuration, options: options).makeRunner(scenario: scenario)
    }

    /// The runner recipe of a PBX line: live calls on the wall clock, in-process AMD when the line
    /// runs both layers, and an agent's phone ringing as long as a contact's (`RING_TIMEOUT`).
    static func recipe(_ configuration: PBXConfiguration, options: Options) throws -> CallRunnerRecipe {
        guard let recognizer = options.recognizer else { throw PBXLineError.missingSettings("a speech recognizer") }
        var recipe = CallRunnerRecipe(
            recognizer: recognizer,
            prompts: options.prompts ?? PromptLibrary.standard(soundsRoot: options.soundsRoot, logger: options.logger),
            recordingsDirectory: options.recordingsDirectory, logger: options.logger)
        recipe.bargeInGraceMs = options.bargeInGraceMs
        recipe.answeringMachineDetection = configuration.dualLayerMachineDetection
        recipe.clock = .continuous
        recipe.transferRingTimeoutSeconds = configuration.ringTimeoutSeconds
        recipe.languageModel = options.languageModel
        return recipe
    }
}

extension PBXLine.Options {
    /// These options with one prompt library, built now, for every runner made from them: campaigns
    /// sharing a line synthesise a prompt once (single-flight), not once per campaign at call start,
    /// when the delay would also eat the callee's first words.
    func sharingPrompts() -> PBXLine.Options {
        guard prompts == nil else { return self }
        var shared = self
        shared.prompts = PromptLibrary.standard(soundsRoot: soundsRoot, logger: logger)
        return shared
    }
}

public enum PBXLineError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingSettings(String)
    /// The PBX did not accept a connection in time (address, credentials, or it is down).
    case unreachable(String)

    public var description: String {
        switch self {
        case .missingSettings(let what): "the PBX line needs \(what)"
        case .unreachable(let detail): "PBX unreachable: \(detail)"
        }
    }
}

/// Runs `operation`, or returns nil once `timeout` has passed (the operation is then cancelled).
func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
