import Testing
@testable import MiniBotSpeech

/// The two dialects read their servers' documented messages; the transcript model joins them.
@Suite("Streaming dialects and transcript")
struct StreamingDialectTests {
    let deepgram = DeepgramDialect(baseURL: "wss://api.deepgram.com/v1/listen", apiKey: "k", language: "fr")
    let vosk = VoskServerDialect(url: "ws://127.0.0.1:2700")

    @Test func deepgramURLAndHeaders() {
        var dialect = deepgram
        dialect.keywords = ["Bloctel", " ", "Énergie Verte"]
        #expect(dialect.url(sampleRate: 8_000) == "wss://api.deepgram.com/v1/listen?encoding=linear16&sample_rate=8000&channels=1"
            + "&language=fr&interim_results=true&model=nova-2&keywords=Bloctel&keywords=%C3%89nergie%20Verte")
        #expect(dialect.headers.map { "\($0.0): \($0.1)" } == ["Authorization: Token k"])
        #expect(dialect.openingMessages(sampleRate: 8_000).isEmpty)
        #expect(dialect.keepAliveMessage == #"{"type":"KeepAlive"}"#)
        #expect(dialect.finishMessage == #"{"type":"CloseStream"}"#)
    }

    @Test func deepgramMessages() throws {
        let interim = #"{"type":"Results","channel_index":[0,1],"duration":1.2,"start":0.0,"is_final":false,"speech_final":false,"#
            + #""channel":{"alternatives":[{"transcript":"oui je","confidence":0.71,"words":[]}]},"metadata":{"request_id":"r"}}"#
        #expect(try deepgram.parse(interim) == .partial(text: "oui je"))
        let final = #"{"type":"Results","is_final":true,"speech_final":true,"channel":{"alternatives":[{"transcript":"oui je veux","confidence":0.95}]}}"#
        #expect(try deepgram.parse(final) == .segment(text: "oui je veux", confidence: 0.95, endsUtterance: true))
        let empty = #"{"type":"Results","is_final":true,"speech_final":false,"channel":{"alternatives":[{"transcript":"","confidence":0.0}]}}"#
        #expect(try deepgram.parse(empty) == .segment(text: "", confidence: nil, endsUtterance: false))
        let metadata = #"{"type":"Metadata","transaction_key":"deprecated","request_id":"8c8e","sha256":"e3b0","created":"2024-08-29T22:37:55.202Z","duration":0.0,"channels":0}"#
        #expect(try deepgram.parse(metadata) == .complete)
        #expect(try deepgram.parse(#"{"type":"SpeechStarted","channel":[0],"timestamp":1.2}"#) == .ignored)
        #expect(try deepgram.parse(#"{"type":"UtteranceEnd","channel":[0,1],"last_word_end":2.3}"#) == .ignored)
    }

    @Test(arguments: [
        "{\"type\": \"Results\", \"channel\": {",
        #"{"channel":{"alternatives":[]}}"#,
        #"{"type":"Results","is_final":true,"channel":{"alternatives":[]}}"#,
        "[1,2]",
    ])
    func deepgramRejectsMalformedMessages(message: String) {
        #expect {
            _ = try deepgram.parse(message)
        } throws: { error in
            guard case .malformedResponse? = error as? RecognitionError else { return false }
            return true
        }
    }

    @Test func deepgramErrorMessageIsAnEngineFailure() {
        #expect(throws: RecognitionError.engineUnavailable("Deepgram error: Bad audio")) {
            _ = try deepgram.parse(#"{"type":"Error","description":"Bad audio","message":"x","variant":"y"}"#)
        }
    }

    @Test func voskServerMessages() throws {
        #expect(vosk.openingMessages(sampleRate: 8_000) == [#"{"config":{"sample_rate":8000}}"#])
        #expect(vosk.finishMessage == #"{"eof" : 1}"#)
        #expect(vosk.keepAliveMessage == nil)
        #expect(vosk.headers.isEmpty)
        #expect(try vosk.parse(#"{"partial" : "oui je"}"#) == .partial(text: "oui je"))
        let result = #"{"result" : [ {"word": "oui", "start" : 0.1, "end" : 0.4, "conf" : 1.0}, {"word": "merci", "start" : 0.4, "end" : 0.9, "conf" : 0.5} ], "text" : "oui merci" }"#
        #expect(try vosk.parse(result) == .segment(text: "oui merci", confidence: 0.75, endsUtterance: false))
        #expect(try vosk.parse(#"{"text" : ""}"#) == .segment(text: "", confidence: nil, endsUtterance: false))
        #expect(throws: RecognitionError.self) { _ = try vosk.parse(#"{"alternatives":[]}"#) }
        #expect(throws: RecognitionError.self) { _ = try vosk.parse("partial") }
    }

    @Test func transcriptKeepsClosedSegmentsAndReplacesTheOpenOne() {
        var transcript = StreamingTranscript()
        #expect(transcript.text.isEmpty && transcript.confidence == 0)
        transcript.apply(.partial(text: "oui"))
        transcript.apply(.partial(text: "oui je "))
        #expect(transcript.text == "oui je")
        transcript.apply(.segment(text: "oui je veux", confidence: 0.8, endsUtterance: false))
        transcript.apply(.partial(text: "bien"))
        #expect(transcript.text == "oui je veux bien")
        transcript.apply(.segment(text: "bien merci", confidence: 0.6, endsUtterance: true))
        transcript.apply(.segment(text: "", confidence: nil, endsUtterance: false))
        #expect(transcript.text == "oui je veux bien merci")
        #expect(abs(transcript.confidence - 0.7) < 1e-9)
        #expect(transcript.speechEnded)
    }
}

/// STT_ENGINE=deepgram|vosk-server and the fallback engine, from the environment.
@Suite("Streaming engine configuration")
struct StreamingConfigurationTests {
    private func make(_ environment: [String: String]) async throws -> any SpeechRecognizer {
        try await RecognizerFactory.make(try RecognizerConfiguration(environment: environment), environment: environment)
    }

    private func variable(_ environment: [String: String]) async -> String? {
        do {
            _ = try await make(environment)
            return nil
        } catch let error as RecognizerConfigurationError {
            return error.variable
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func deepgramAndVoskServerAreBuilt() async throws {
        let deepgram = try await make(["STT_ENGINE": "deepgram", "DEEPGRAM_API_KEY": "k", "DEEPGRAM_URL": "ws://127.0.0.1:1/v1/listen",
                                       "DEEPGRAM_MODEL": "nova-3", "DEEPGRAM_LANGUAGE": "fr", "STT_KEEPALIVE_SECONDS": "2"])
        let streaming = try #require(deepgram as? StreamingRecognizer)
        #expect(streaming.name == "deepgram")
        #expect(streaming.dialect.url(sampleRate: 8_000).hasPrefix("ws://127.0.0.1:1/v1/listen?encoding=linear16&sample_rate=8000"))
        #expect(streaming.dialect.url(sampleRate: 8_000).contains("model=nova-3"))
        #expect(streaming.options.keepAliveInterval == .seconds(2))
        let defaults = try RecognizerConfiguration(environment: ["STT_ENGINE": "deepgram"]).streaming
        #expect(defaults.deepgramURL == "wss://api.deepgram.com/v1/listen")
        #expect(defaults.deepgramLanguage == "fr")
        let vosk = try await make(["STT_ENGINE": "vosk-server", "VOSK_SERVER_URL": "ws://127.0.0.1:2700"])
        #expect(vosk.name == "vosk-server")
        #expect(vosk is StreamingRecognizer)
        #expect(deepgram.streamsPartials && vosk.streamsPartials, "live calls barge in on their words")
        #expect(!(try await make(["STT_ENGINE": "simulated"])).streamsPartials)
    }

    @Test func fallbackWrapsTheEngine() async throws {
        let recognizer = try await make(["STT_ENGINE": "vosk-server", "VOSK_SERVER_URL": "ws://127.0.0.1:2700",
                                         "STT_FALLBACK_ENGINE": "simulated"])
        let fallback = try #require(recognizer as? FallbackRecognizer)
        #expect(fallback.primary.name == "vosk-server")
        #expect(fallback.fallback.name == "simulated")
        #expect(recognizer.streamsPartials)
        #expect(try await make(["STT_ENGINE": "simulated", "STT_FALLBACK_ENGINE": "none"]) is SimulatedRecognizer)
        #expect(try await make(["STT_ENGINE": "simulated", "STT_FALLBACK_ENGINE": "simulated"]) is SimulatedRecognizer)
    }

    @Test(arguments: [
        (["STT_ENGINE": "deepgram"], "DEEPGRAM_API_KEY"),
        (["STT_ENGINE": "deepgram", "DEEPGRAM_API_KEY": "k", "DEEPGRAM_URL": "https://api.deepgram.com"], "DEEPGRAM_URL"),
        (["STT_ENGINE": "vosk-server"], "VOSK_SERVER_URL"),
        (["STT_ENGINE": "vosk-server", "VOSK_SERVER_URL": "127.0.0.1:2700"], "VOSK_SERVER_URL"),
        (["STT_FALLBACK_ENGINE": "google"], "STT_FALLBACK_ENGINE"),
        (["STT_KEEPALIVE_SECONDS": "12"], "STT_KEEPALIVE_SECONDS"),
        (["STT_ENGINE": "simulated", "STT_FALLBACK_ENGINE": "whisper"], "WHISPER_URL"),
    ])
    func missingOrBadVariablesAreNamed(environment: [String: String], expected: String) async {
        #expect(await variable(environment) == expected)
    }
}
