import Foundation
import MiniBotSpeech

/// The speech recognizer live calls use, chosen like `serve` does (`STT_ENGINE`, `VOSK_MODEL_PATH`,
/// `WHISPER_URL`…): a real PBX needs real recognition, the simulated one brings its own.
enum LiveRecognizer {
    static func make(environment: [String: String]) async throws -> any SpeechRecognizer {
        let configuration = try RecognizerConfiguration(environment: environment)
        return try await RecognizerFactory.make(configuration, environment: environment, logger: CLILogging.logger)
    }
}
