import Foundation
import AsyncHTTPClient
import Logging

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds the configured ``SpeechRecognizer``, or explains which variable is wrong.
///
/// Loading Vosk reads the model from disk (seconds); do it once at start-up and share the recognizer.
/// ```swift
/// let recognizer = try await RecognizerFactory.make(config, environment: env, simulatedScript: script)
/// ```
public enum RecognizerFactory {
    /// - Parameters:
    ///   - environment: used only to search for `libvosk.so` when `VOSK_LIBRARY_PATH` is unset.
    ///   - simulatedScript: the script shared with the simulated PBX (a fresh empty one if `nil`).
    /// With `STT_FALLBACK_ENGINE` set, the engine is wrapped in a ``FallbackRecognizer``.
    /// - Throws: ``RecognizerConfigurationError`` naming the variable (missing `VOSK_MODEL_PATH`,
    ///   `WHISPER_URL`, library not found → `VOSK_LIBRARY_PATH`), or ``RecognitionError`` when a model
    ///   exists but Vosk cannot load it.
    public static func make(
        _ configuration: RecognizerConfiguration,
        environment: [String: String] = [:],
        simulatedScript: SimulatedScript? = nil,
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "minibot.speech")
    ) async throws -> any SpeechRecognizer {
        let primary = try await makeEngine(configuration, environment: environment, simulatedScript: simulatedScript,
                                           httpClient: httpClient, logger: logger)
        guard let engine = configuration.streaming.fallback, engine != configuration.engine else { return primary }
        var fallbackConfiguration = configuration
        fallbackConfiguration.engine = engine
        fallbackConfiguration.streaming.fallback = nil
        let fallback = try await makeEngine(fallbackConfiguration, environment: environment, simulatedScript: simulatedScript,
                                            httpClient: httpClient, logger: logger)
        return FallbackRecognizer(primary: primary, fallback: fallback, logger: logger)
    }

    /// One engine, without the fallback wrapper.
    static func makeEngine(
        _ configuration: RecognizerConfiguration,
        environment: [String: String],
        simulatedScript: SimulatedScript?,
        httpClient: HTTPClient,
        logger: Logger
    ) async throws -> any SpeechRecognizer {
        switch configuration.engine {
        case .deepgram, .voskServer:
            return try makeStreaming(configuration, logger: logger)
        case .simulated:
            return SimulatedRecognizer(script: simulatedScript ?? SimulatedScript())
        case .whisper:
            return WhisperRecognizer(
                configuration: try whisperConfiguration(configuration), client: httpClient, logger: logger)
        case .vosk:
            guard let modelPath = configuration.voskModelPath else {
                throw RecognizerConfigurationError(variable: "VOSK_MODEL_PATH",
                    reason: "required when STT_ENGINE=vosk. " + RecognizerAvailability.hint(environment: environment))
            }
            guard isDirectory(modelPath) else {
                throw RecognizerConfigurationError(variable: "VOSK_MODEL_PATH",
                    reason: "model directory \(modelPath) does not exist. " + RecognizerAvailability.hint(environment: environment))
            }
            let library: VoskLibrary
            do {
                library = try VoskLibrary.locate(configuredPath: configuration.voskLibraryPath, environment: environment)
            } catch {
                throw RecognizerConfigurationError(variable: "VOSK_LIBRARY_PATH",
                    reason: error.description + ". " + RecognizerAvailability.hint(environment: environment))
            }
            logger.info("loading Vosk model", metadata: ["library": "\(library.path)", "model": "\(modelPath)"])
            return try await VoskRecognizer.load(library: library, modelPath: modelPath)
        }
    }

    /// The Whisper settings, validating `WHISPER_URL`.
    public static func whisperConfiguration(
        _ configuration: RecognizerConfiguration
    ) throws(RecognizerConfigurationError) -> WhisperConfiguration {
        guard let url = configuration.whisperURL else {
            throw RecognizerConfigurationError(variable: "WHISPER_URL",
                reason: "required when STT_ENGINE=whisper (an OpenAI-compatible server, e.g. WHISPER_URL=http://127.0.0.1:9000). "
                    + RecognizerAvailability.hint(environment: ProcessInfo.processInfo.environment))
        }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > "https://".count else {
            throw RecognizerConfigurationError(variable: "WHISPER_URL",
                reason: "\"\(url)\" is not an http:// or https:// URL")
        }
        return WhisperConfiguration(
            baseURL: url, model: configuration.whisperModel, apiKey: configuration.whisperAPIKey,
            language: configuration.whisperLanguage, responseFormat: configuration.whisperResponseFormat,
            timeout: configuration.timeout)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }
}
