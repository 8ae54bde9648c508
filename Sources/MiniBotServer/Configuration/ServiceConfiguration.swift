import Foundation
import MiniBotSpeech

/// `minibot serve`'s settings, read once at start from the environment and the `.env` file
/// under the seeds' variable names, and checked there: a bad value stops the service with the
/// variable's name instead of surfacing mid-campaign.
///
/// Parsing is pure (a dictionary in, a value or a ``ConfigurationError`` out), so every rule is
/// tested without touching the process environment; ``ServiceConfigurationLoader`` does the I/O.
/// ```swift
/// let configuration = try ServiceConfiguration(values: ["API_PORT": "8080", "API_PASSWORD": "s3cret"])
/// configuration.api.port   // 8080
/// ```
public struct ServiceConfiguration: Sendable, Equatable {
    /// The example's placeholder password (seed `.env`), refused outside loopback.
    public static let examplePassword = "change_me_in_production"

    public struct API: Sendable, Equatable {
        public var host: String
        public var port: Int
        /// Bearer token for the API and the dashboard; nil when unset.
        public var password: String?
        /// Largest request body accepted (CSV uploads included).
        public var maximumBodyBytes: Int
    }

    public struct Calls: Sendable, Equatable {
        public var maximumConcurrentCalls: Int
        /// Longest call before the bot hangs up (seed `CALL_TIMEOUT`, "appel bloqué").
        public var maximumCallSeconds: Int
        /// How long the phone may ring before the attempt counts as no answer.
        public var ringTimeoutSeconds: Int
        public var delayBetweenCalls: Double
        public var answeringMachineDetection: Bool
        /// Also ask the PBX for its own AMD verdict (FreeSWITCH mod_amd, Asterisk `AMD()`).
        public var answeringMachineDualLayer: Bool
        public var retryEnabled: Bool
        public var maximumRetries: Int
        public var retryDelayMinutes: Int
        public var retryBusyDelayMinutes: Int
        /// On SIGTERM, how long live calls may run before the service exits anyway.
        public var shutdownGraceSeconds: Int
    }

    public struct Inbound: Sendable, Equatable {
        /// AudioSocket listener for calls the PBX sends to the bot (inbound after-sales, ARI externalMedia).
        public var host: String
        public var port: Int
        /// Scenario answering inbound AudioSocket calls; no listener when nil.
        public var scenario: String?
        /// Simultaneous inbound calls (`MAX_INBOUND_CALLS`), separate from outbound `MAX_CONCURRENT_CALLS`:
        /// a busy campaign never makes the after-sales line refuse callers, and the reverse.
        public var maximumCalls: Int = ServiceConfiguration.defaultMaximumInboundCalls
    }

    /// 100: the live calls the reference 2-core machine carries within the pacing bar
    /// (docs/operations.md "Capacity": 0.127 % of frames late at 100 calls, bar 1 %).
    public static let defaultMaximumInboundCalls = 100

    public var databaseURL: String
    public var api: API
    public var calls: Calls
    public var inbound: Inbound
    /// `simulated`, `freeswitch` or `asterisk`.
    public var pbx: String
    public var scenariosDirectory: String
    public var soundsDirectory: String
    public var recordingsDirectory: String
    public var speechEngine: String
    public var logLevel: String
    /// This worker's name among those sharing the database (`WORKER_ID`); nil = `<host>-serve`. Each start
    /// appends a random suffix, so no two processes (nor a restart and its dead predecessor) share leases.
    public var workerID: String?
    /// `LLM_ENGINE` and its variables; nil = none (rules only).
    public var languageModel: LanguageModelConfiguration?
    /// Every value read, for the connectors and recognizer that parse their own variables.
    public var values: [String: String]

    public init(values raw: [String: String]) throws(ConfigurationError) {
        let values = raw.filter { !$0.value.isEmpty }
        self.values = values
        var reader = ValueReader(values: values)
        databaseURL = values["DATABASE_URL"] ?? "sqlite:minibot.sqlite"
        api = API(host: values["API_HOST"] ?? "127.0.0.1",
                  port: try reader.port("API_PORT", default: 8000),
                  password: values["API_PASSWORD"],
                  maximumBodyBytes: try reader.integer("API_MAX_BODY_MB", default: 20, in: 1...2_048) * 1_048_576)
        calls = Calls(
            maximumConcurrentCalls: try reader.integer("MAX_CONCURRENT_CALLS", default: 10, in: 1...5_000),
            maximumCallSeconds: try reader.integer("CALL_TIMEOUT", default: 300, in: 10...86_400),
            ringTimeoutSeconds: try reader.integer("RING_TIMEOUT", default: 30, in: 5...300),
            delayBetweenCalls: try reader.decimal("DELAY_BETWEEN_CALLS", default: 2, in: 0...3_600),
            answeringMachineDetection: try reader.boolean("AMD_ENABLED", default: true),
            answeringMachineDualLayer: try reader.boolean("AMD_DUAL_LAYER", default: true),
            retryEnabled: try reader.boolean("RETRY_ENABLED", default: true),
            maximumRetries: try reader.integer("MAX_RETRIES", default: 2, in: 0...20),
            retryDelayMinutes: try reader.integer("RETRY_DELAY_MINUTES", default: 30, in: 1...10_080),
            retryBusyDelayMinutes: try reader.integer("RETRY_BUSY_DELAY_MINUTES", default: 5, in: 1...10_080),
            shutdownGraceSeconds: try reader.integer("SHUTDOWN_GRACE_SECONDS", default: 120, in: 0...3_600))
        inbound = Inbound(host: values["AUDIOSOCKET_HOST"] ?? "0.0.0.0",
                          port: try reader.port("AUDIOSOCKET_PORT", default: 9092),
                          scenario: values["SCENARIO"],
                          maximumCalls: try reader.integer("MAX_INBOUND_CALLS", default: Self.defaultMaximumInboundCalls, in: 1...5_000))
        pbx = try reader.choice("PBX", default: "simulated", among: ["simulated", "freeswitch", "asterisk"])
        scenariosDirectory = values["SCENARIOS_DIR"] ?? "scenarios"
        soundsDirectory = values["SOUNDS_DIR"] ?? values["FREESWITCH_SOUNDS_DIR"] ?? "sounds"
        recordingsDirectory = values["RECORDINGS_DIR"] ?? "recordings"
        speechEngine = try reader.choice("STT_ENGINE", default: "simulated",
                                         among: ["simulated", "vosk", "whisper", "deepgram", "vosk-server"])
        logLevel = try reader.choice("LOG_LEVEL", default: "info",
                                     among: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        if let id = values["WORKER_ID"], !id.isEmpty {
            guard id.count <= 100, id.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:@".contains($0) }) else {
                throw ConfigurationError(variable: "WORKER_ID", message: "=\(id): use at most 100 letters, digits and -_.:@")
            }
            workerID = id
        }
        try reader.url("WHISPER_URL")
        try reader.url("OLLAMA_URL")
        do {
            languageModel = try LanguageModelConfiguration(values: values)
        } catch {
            throw ConfigurationError(variable: error.variable, message: error.message)
        }
        try reader.url("ASTERISK_ARI_URL")
        _ = try reader.port("FREESWITCH_ESL_PORT", default: 8021)
    }

    /// Refuses to expose the API beyond this machine without a real password.
    /// ```swift
    /// try ServiceConfiguration(values: ["API_HOST": "0.0.0.0"]).checkExposure()   // throws
    /// ```
    public func checkExposure() throws(ConfigurationError) {
        guard !Self.isLoopback(api.host) else { return }
        guard let password = api.password else {
            throw ConfigurationError(variable: "API_PASSWORD",
                                     message: "is required when API_HOST=\(api.host) exposes the API beyond this machine")
        }
        guard password != Self.examplePassword else {
            throw ConfigurationError(variable: "API_PASSWORD",
                                     message: "is still the example's default; set a real password before serving on API_HOST=\(api.host)")
        }
        guard password.count >= 12 else {
            throw ConfigurationError(variable: "API_PASSWORD",
                                     message: "must be at least 12 characters when API_HOST=\(api.host) is not loopback")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

/// A configuration value the service refuses, naming the variable.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public var variable: String
    public var message: String

    public init(variable: String, message: String) {
        self.variable = variable
        self.message = message
    }

    public var description: String { message.hasPrefix("=") ? variable + message : variable + " " + message }
}

/// Typed reads of raw strings, each failure naming its variable and showing the bad value.
struct ValueReader {
    let values: [String: String]

    func port(_ name: String, default fallback: Int) throws(ConfigurationError) -> Int {
        try integer(name, default: fallback, in: 0...65_535)
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let raw = values[name] else { return fallback }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigurationError(variable: name, message: "=\(raw) is not a whole number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, message: "=\(raw) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func decimal(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double {
        guard let raw = values[name] else { return fallback }
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw ConfigurationError(variable: name, message: "=\(raw) is not a number")
        }
        guard range.contains(value) else {
            throw ConfigurationError(variable: name, message: "=\(raw) is outside \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    func boolean(_ name: String, default fallback: Bool) throws(ConfigurationError) -> Bool {
        guard let raw = values[name] else { return fallback }
        switch raw.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "on", "oui": return true
        case "0", "false", "no", "off", "non": return false
        default: throw ConfigurationError(variable: name, message: "=\(raw) is not a boolean (true/false)")
        }
    }

    func choice(_ name: String, default fallback: String, among allowed: [String]) throws(ConfigurationError) -> String {
        guard let raw = values[name] else { return fallback }
        let value = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard allowed.contains(value) else {
            throw ConfigurationError(variable: name, message: "=\(raw) is not one of \(allowed.joined(separator: ", "))")
        }
        return value
    }

    func url(_ name: String) throws(ConfigurationError) {
        guard let raw = values[name] else { return }
        guard let url = URL(string: raw), let scheme = url.scheme, ["http", "https", "ws", "wss"].contains(scheme.lowercased()),
              url.host != nil else {
            throw ConfigurationError(variable: name, message: "=\(raw) is not an http(s) URL")
        }
    }
}
