/// Which speech-to-text engine a process uses and how to reach it, read from the environment
/// (`.env` already merged in) with the seeds' variable names:
///
/// | variable | meaning | default |
/// | --- | --- | --- |
/// | `STT_ENGINE` | `simulated`, `vosk`, `whisper`, `deepgram` or `vosk-server` | `simulated` (the same default as `serve`, `.env.example` and `doctor`) |
/// | `VOSK_MODEL_PATH` | Vosk model directory (required for vosk) | — |
/// | `VOSK_LIBRARY_PATH` | `libvosk.so` file or its directory | searched in Python installs |
/// | `WHISPER_URL` | OpenAI-compatible server root (required for whisper) | — |
/// | `WHISPER_MODEL` | `model` field | `whisper-1` |
/// | `WHISPER_API_KEY` | bearer token | none |
/// | `WHISPER_LANGUAGE` | `language` field | `fr` |
/// | `WHISPER_RESPONSE_FORMAT` | `json` or `verbose_json` | `verbose_json` |
/// | `WHISPER_TIMEOUT` | seconds per upload, and per final result of a streaming engine (decimals allowed) | `10` |
///
/// Deepgram, vosk-server and the fallback engine: see ``StreamingEngineSettings``.
/// ```swift
/// let config = try RecognizerConfiguration(environment: ProcessInfo.processInfo.environment)
/// ```
public struct RecognizerConfiguration: Sendable, Equatable {
    public enum Engine: String, Sendable, Equatable, CaseIterable {
        case vosk, whisper, simulated, deepgram
        case voskServer = "vosk-server"
    }

    /// `simulated`: a fresh clone without a model or server still starts; a real engine is an explicit choice.
    /// `ServiceVariables`, `.env.example` and `minibot doctor` show this same value (a test keeps them equal).
    public static let defaultEngine = Engine.simulated

    public var engine: Engine
    public var voskModelPath: String?
    public var voskLibraryPath: String?
    public var whisperURL: String?
    public var whisperModel: String
    public var whisperAPIKey: String?
    public var whisperLanguage: String
    public var whisperResponseFormat: WhisperConfiguration.ResponseFormat
    public var timeout: Duration
    /// Deepgram, vosk-server and the fallback engine.
    public var streaming: StreamingEngineSettings

    public init(
        engine: Engine,
        voskModelPath: String? = nil,
        voskLibraryPath: String? = nil,
        whisperURL: String? = nil,
        whisperModel: String = "whisper-1",
        whisperAPIKey: String? = nil,
        whisperLanguage: String = "fr",
        whisperResponseFormat: WhisperConfiguration.ResponseFormat = .verboseJSON,
        timeout: Duration = .seconds(10),
        streaming: StreamingEngineSettings = StreamingEngineSettings()
    ) {
        self.engine = engine
        self.voskModelPath = voskModelPath
        self.voskLibraryPath = voskLibraryPath
        self.whisperURL = whisperURL
        self.whisperModel = whisperModel
        self.whisperAPIKey = whisperAPIKey
        self.whisperLanguage = whisperLanguage
        self.whisperResponseFormat = whisperResponseFormat
        self.timeout = timeout
        self.streaming = streaming
    }

    /// Reads the variables above. Empty values count as unset. Only syntax is checked here;
    /// ``RecognizerFactory`` checks that the chosen engine has what it needs.
    public init(environment: [String: String]) throws(RecognizerConfigurationError) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let engineName = value("STT_ENGINE")?.lowercased() ?? Self.defaultEngine.rawValue
        guard let engine = Engine(rawValue: engineName) else {
            throw RecognizerConfigurationError(variable: "STT_ENGINE",
                reason: "unknown engine \"\(engineName)\"; expected one of vosk, whisper, simulated, deepgram, vosk-server")
        }
        var format = WhisperConfiguration.ResponseFormat.verboseJSON
        if let raw = value("WHISPER_RESPONSE_FORMAT") {
            guard let parsed = WhisperConfiguration.ResponseFormat(rawValue: raw.lowercased()) else {
                throw RecognizerConfigurationError(variable: "WHISPER_RESPONSE_FORMAT",
                    reason: "\"\(raw)\" is not json or verbose_json")
            }
            format = parsed
        }
        var timeout = Duration.seconds(10)
        if let raw = value("WHISPER_TIMEOUT") {
            guard let seconds = Double(raw), seconds.isFinite, seconds > 0, seconds <= 3_600 else {
                throw RecognizerConfigurationError(variable: "WHISPER_TIMEOUT",
                    reason: "\"\(raw)\" is not a number of seconds between 0 and 3600")
            }
            timeout = .milliseconds(Int64((seconds * 1_000).rounded()))
        }
        self.init(
            engine: engine,
            voskModelPath: value("VOSK_MODEL_PATH"),
            voskLibraryPath: value("VOSK_LIBRARY_PATH"),
            whisperURL: value("WHISPER_URL"),
            whisperModel: value("WHISPER_MODEL") ?? "whisper-1",
            whisperAPIKey: value("WHISPER_API_KEY"),
            whisperLanguage: value("WHISPER_LANGUAGE") ?? "fr",
            whisperResponseFormat: format,
            timeout: timeout,
            streaming: try StreamingEngineSettings(environment: environment))
    }
}

/// A configuration problem, naming the variable to fix.
/// ```swift
/// // "VOSK_MODEL_PATH: required when STT_ENGINE=vosk"
/// ```
public struct RecognizerConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var variable: String
    public var reason: String

    public init(variable: String, reason: String) {
        self.variable = variable
        self.reason = reason
    }

    public var description: String { "\(variable): \(reason)" }
}
