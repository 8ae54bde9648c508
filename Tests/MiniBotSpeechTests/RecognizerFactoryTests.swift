import Foundation
import Testing
@testable import MiniBotSpeech

/// Configuration from environment variables, and errors that name the variable to fix.
@Suite("Recognizer configuration and factory")
struct RecognizerFactoryTests {
    private func configurationError(_ environment: [String: String]) -> RecognizerConfigurationError? {
        do {
            _ = try RecognizerConfiguration(environment: environment)
            return nil
        } catch {
            return error
        }
    }

    private func makeError(_ configuration: RecognizerConfiguration, environment: [String: String] = [:]) async -> (any Error)? {
        do {
            _ = try await RecognizerFactory.make(configuration, environment: environment)
            return nil
        } catch {
            return error
        }
    }

    @Test func defaultsFollowTheSeeds() throws {
        let configuration = try RecognizerConfiguration(environment: ["VOSK_MODEL_PATH": "models/vosk-model-small-fr-0.22"])
        // The engine default is simulated everywhere (issue 16: a fresh clone without .env must start);
        // a model path alone does not switch engines.
        #expect(configuration == RecognizerConfiguration(engine: .simulated, voskModelPath: "models/vosk-model-small-fr-0.22"))
        #expect(configuration.whisperLanguage == "fr")
        #expect(configuration.whisperResponseFormat == .verboseJSON)
        #expect(configuration.timeout == .seconds(10))
    }

    @Test func whisperVariablesAreRead() throws {
        let configuration = try RecognizerConfiguration(environment: [
            "STT_ENGINE": "Whisper", "WHISPER_URL": "https://api.groq.com/openai", "WHISPER_MODEL": "whisper-large-v3",
            "WHISPER_API_KEY": "gsk_x", "WHISPER_LANGUAGE": "en", "WHISPER_RESPONSE_FORMAT": "json", "WHISPER_TIMEOUT": "2.5",
        ])
        let whisper = try RecognizerFactory.whisperConfiguration(configuration)
        #expect(whisper.endpoint == "https://api.groq.com/openai/v1/audio/transcriptions")
        #expect(whisper.model == "whisper-large-v3")
        #expect(whisper.apiKey == "gsk_x")
        #expect(whisper.language == "en")
        #expect(whisper.responseFormat == .json)
        #expect(whisper.timeout == .milliseconds(2_500))
    }

    @Test(arguments: [
        (["STT_ENGINE": "deepspeech"], "STT_ENGINE"),
        (["WHISPER_RESPONSE_FORMAT": "srt"], "WHISPER_RESPONSE_FORMAT"),
        (["WHISPER_TIMEOUT": "soon"], "WHISPER_TIMEOUT"),
        (["WHISPER_TIMEOUT": "-1"], "WHISPER_TIMEOUT"),
        (["WHISPER_TIMEOUT": "nan"], "WHISPER_TIMEOUT"),
    ])
    func badValuesNameTheirVariable(environment: [String: String], variable: String) {
        #expect(configurationError(environment)?.variable == variable)
    }

    @Test func emptyValuesCountAsUnset() throws {
        let configuration = try RecognizerConfiguration(environment: ["STT_ENGINE": " ", "VOSK_MODEL_PATH": "", "WHISPER_API_KEY": ""])
        #expect(configuration.engine == .simulated, "unset STT_ENGINE is the documented default, simulated")
        #expect(configuration.voskModelPath == nil)
        #expect(configuration.whisperAPIKey == nil)
    }

    @Test func voskWithoutModelPathNamesVOSK_MODEL_PATH() async {
        let error = await makeError(RecognizerConfiguration(engine: .vosk))
        let configurationError = error as? RecognizerConfigurationError
        #expect(configurationError?.variable == "VOSK_MODEL_PATH")
        #expect(configurationError?.reason.hasPrefix("required when STT_ENGINE=vosk. Engines available here: simulated (STT_ENGINE=simulated") == true,
                "\(String(describing: configurationError))")
    }

    @Test func voskWithMissingModelDirectoryNamesVOSK_MODEL_PATH() async {
        let error = await makeError(RecognizerConfiguration(engine: .vosk, voskModelPath: "/nonexistent/model"))
        let configurationError = error as? RecognizerConfigurationError
        #expect(configurationError?.variable == "VOSK_MODEL_PATH")
        #expect(configurationError?.reason.hasPrefix("model directory /nonexistent/model does not exist. Engines available here:") == true)
    }

    @Test func voskWithMissingLibraryNamesVOSK_LIBRARY_PATH() async throws {
        let modelDirectory = FileManager.default.temporaryDirectory.path
        let error = await makeError(RecognizerConfiguration(engine: .vosk, voskModelPath: modelDirectory, voskLibraryPath: "/nonexistent/libvosk.so"))
        let configurationError = try #require(error as? RecognizerConfigurationError)
        #expect(configurationError.variable == "VOSK_LIBRARY_PATH")
        #expect(configurationError.reason.contains("/nonexistent/libvosk.so"))
    }

    @Test func whisperWithoutURLNamesWHISPER_URL() async {
        let error = await makeError(RecognizerConfiguration(engine: .whisper))
        let configurationError = error as? RecognizerConfigurationError
        #expect(configurationError?.variable == "WHISPER_URL")
        #expect(configurationError?.reason.hasPrefix("required when STT_ENGINE=whisper") == true)
        #expect(configurationError?.reason.contains("Engines available here: simulated") == true)
    }

    @Test(arguments: ["localhost:8000", "ftp://x", "http://"])
    func whisperWithBadURLNamesWHISPER_URL(url: String) async {
        let error = await makeError(RecognizerConfiguration(engine: .whisper, whisperURL: url))
        #expect((error as? RecognizerConfigurationError)?.variable == "WHISPER_URL")
    }

    @Test func buildsEachEngine() async throws {
        let script = SimulatedScript()
        script.enqueue(["bonjour"], for: "Z")
        let simulated = try await RecognizerFactory.make(RecognizerConfiguration(engine: .simulated), simulatedScript: script)
        #expect(simulated.name == "simulated")
        #expect(try await simulated.startSession(callID: "Z", sampleRate: 8_000, hints: []).finish().text == "bonjour")

        let whisper = try await RecognizerFactory.make(RecognizerConfiguration(engine: .whisper, whisperURL: "http://127.0.0.1:8000"))
        #expect(whisper.name == "whisper")
        #expect((whisper as? WhisperRecognizer)?.configuration.endpoint == "http://127.0.0.1:8000/v1/audio/transcriptions")
    }

    @Test func errorDescriptionsNameTheVariable() {
        #expect(RecognizerConfigurationError(variable: "WHISPER_URL", reason: "required").description == "WHISPER_URL: required")
        #expect(RecognitionError.server(status: 503, message: "busy").description.contains("503"))
    }
}
