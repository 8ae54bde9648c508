import Foundation
import MiniBotServer
import MiniBotSpeech

/// Deepgram / vosk-server and the fallback engine: the key and URL are there, and the server
/// accepts a (silent, empty) session, so a refused key or a stopped vosk-server shows here
/// instead of at the first caller's words.
extension DoctorCommand {
    func checkStreamingSpeech(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) async {
        let environment = configuration.values.merging(ProcessInfo.processInfo.environment) { value, _ in value }
        let recognizerConfiguration: RecognizerConfiguration
        do {
            var parsed = try RecognizerConfiguration(environment: environment)
            parsed.engine = RecognizerConfiguration.Engine(rawValue: configuration.speechEngine) ?? parsed.engine
            recognizerConfiguration = parsed
        } catch {
            report.fail("speech configuration", "\(error)")
            return
        }
        if let fallback = recognizerConfiguration.streaming.fallback {
            report.pass("speech fallback", "\(fallback.rawValue) finishes utterances the \(configuration.speechEngine) engine fails")
        }
        guard [.deepgram, .voskServer].contains(recognizerConfiguration.engine) else { return }
        let label = recognizerConfiguration.engine == .deepgram ? "Deepgram" : "vosk-server"
        var probe = recognizerConfiguration
        probe.streaming.fallback = nil
        do {
            let recognizer = try await RecognizerFactory.make(probe, environment: environment, logger: CLILogging.logger)
            let session = try await recognizer.startSession(callID: "doctor", sampleRate: 8_000, hints: [])
            _ = try await session.finish()
            let url = recognizerConfiguration.engine == .deepgram ? recognizerConfiguration.streaming.deepgramURL
                : recognizerConfiguration.streaming.voskServerURL ?? ""
            report.pass(label, "\(url) accepted a streaming session")
        } catch let error as RecognizerConfigurationError {
            report.fail(label, error.description)
        } catch RecognitionError.unauthorized {
            report.fail(label, "the server refused DEEPGRAM_API_KEY (HTTP 401): check the key in console.deepgram.com")
        } catch {
            let start = recognizerConfiguration.engine == .voskServer
                ? " (start one: docker run -p 2700:2700 alphacep/kaldi-fr, then VOSK_SERVER_URL=ws://127.0.0.1:2700)" : ""
            report.fail(label, "\(error)\(start)")
        }
    }
}
