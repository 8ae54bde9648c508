import Foundation
import MiniBotSpeech

/// The speech recognizer live calls use, chosen like `serve` does (`STT_ENGINE`, `VOSK_MODEL_PATH`,
/// `WHISPER_URL`…): a real PBX needs real recognition, the simulated one brings its own.
enum LiveRecognizer {
    static func make(environment: [String: String]) async throws -> any SpeechRecognizer {
        let configuration = try RecognizerConfiguration(environment: environment)
        if configuration.engine == .simulated {
            // The default (issue 16): the call still runs; its transcript is labelled "simulated".
            CLILogging.logger.warning(
                "STT_ENGINE=simulated: the caller's speech is not recognised on a real line. \(RecognizerAvailability.hint(environment: environment))")
        }
        return try await RecognizerFactory.make(configuration, environment: environment, logger: CLILogging.logger)
    }
}
