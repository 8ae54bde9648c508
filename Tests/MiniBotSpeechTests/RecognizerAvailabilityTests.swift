import MiniBotSpeech
import Testing

/// The hint appended to recognizer errors names what can start here and how (issue 16).
@Suite struct RecognizerAvailabilityTests {
    @Test func nothingInstalledOffersSimulatedAndSaysWhatTheOthersNeed() {
        let hint = RecognizerAvailability.hint(voskLibrary: nil, voskModels: [], whisperURL: nil)
        #expect(hint.hasPrefix("Engines available here: simulated (STT_ENGINE=simulated, no model needed)."))
        #expect(hint.contains("pip install vosk"))
        #expect(hint.contains("VOSK_MODEL_PATH"))
        #expect(hint.contains("whisper needs WHISPER_URL"))
    }

    @Test func aLibraryAndAModelMakeVoskAvailableWithItsVariables() {
        let hint = RecognizerAvailability.hint(voskLibrary: "/usr/lib/libvosk.so", voskModels: ["models/vosk-model-small-fr-0.22"],
                                               whisperURL: "http://127.0.0.1:9000")
        #expect(hint.contains("vosk (STT_ENGINE=vosk VOSK_MODEL_PATH=models/vosk-model-small-fr-0.22; libvosk at /usr/lib/libvosk.so)"))
        #expect(hint.contains("whisper (STT_ENGINE=whisper, WHISPER_URL=http://127.0.0.1:9000)"))
        #expect(!hint.contains("Not ready"))
    }

    @Test func theDefaultEngineIsSimulated() throws {
        #expect(RecognizerConfiguration.defaultEngine == .simulated)
        #expect(try RecognizerConfiguration(environment: [:]).engine == .simulated)
    }
}
