import AsyncHTTPClient
import Foundation
import Testing
@testable import MiniBotSpeech

/// The Whisper adapter against a local server speaking the OpenAI transcription API.
@Suite("Whisper recognizer over a loopback OpenAI-compatible server")
struct WhisperRecognizerTests {
    /// Two 20 ms frames of a ramp, so every sample value is distinct and order matters.
    static let frames: [[Int16]] = [
        (0..<160).map { Int16($0 * 37 - 3_000) },
        (0..<160).map { Int16(2_000 - $0 * 23) },
    ]

    private func transcribe(
        _ server: FakeTranscriptionServer,
        format: WhisperConfiguration.ResponseFormat = .json,
        key: String? = nil,
        hints: [String] = [],
        timeout: Duration = .seconds(5),
        frames: [[Int16]] = WhisperRecognizerTests.frames,
        configure: (inout WhisperConfiguration) -> Void = { _ in }
    ) async throws -> RecognitionResult {
        var configuration = WhisperConfiguration(
            baseURL: server.baseURL, model: "whisper-large-v3", apiKey: key, responseFormat: format, timeout: timeout)
        configure(&configuration)
        let recognizer = WhisperRecognizer(configuration: configuration)
        let session = try await recognizer.startSession(callID: "call-7", sampleRate: 8_000, hints: hints)
        for frame in frames {
            #expect(try await session.accept(frame) == nil)
        }
        return try await session.finish()
    }

    @Test func jsonAnswerGivesTextAndSendsEveryField() async throws {
        try await FakeTranscriptionServer.with(
            behavior: .transcribe([.init(text: " Oui, c'est bien moi.", avgLogprob: -0.1, noSpeechProb: 0.01)]),
            requiredKey: "sk-test") { server in
            let result = try await transcribe(server, key: "sk-test", hints: ["Bloctel", " ", "rappel"])

            #expect(result == RecognitionResult(text: "Oui, c'est bien moi.", confidence: 1, isFinal: true, engine: "whisper"))
            let request = try #require(server.received.first)
            #expect(server.received.count == 1)
            #expect(request.problems.isEmpty)
            #expect(request.method == "POST")
            #expect(request.uri == "/v1/audio/transcriptions")
            #expect(request.headers["authorization"] == "Bearer sk-test")
            #expect(request.fields["model"] == "whisper-large-v3")
            #expect(request.fields["language"] == "fr")
            #expect(request.fields["response_format"] == "json")
            #expect(request.fields["prompt"] == "Bloctel, rappel")
            let file = try #require(request.file)
            #expect(file.name == "file")
            #expect(file.contentType == "audio/wav")
            let wav = try #require(WAVTestReader.read(file.data))
            #expect(wav.sampleRate == 8_000)
            #expect(wav.channels == 1)
            #expect(wav.bitsPerSample == 16)
            #expect(wav.samples == Self.frames.flatMap { $0 })
        }
    }

    @Test func verboseJSONConfidenceIsExpOfMeanLogprob() async throws {
        let segments: [FakeTranscriptionServer.Segment] = [
            .init(text: " Bonjour", avgLogprob: -0.2, noSpeechProb: 0.02),
            .init(text: " madame.", avgLogprob: -0.5, noSpeechProb: 0.1),
        ]
        try await FakeTranscriptionServer.with(behavior: .transcribe(segments)) { server in
            let result = try await transcribe(server, format: .verboseJSON)

            #expect(result.text == "Bonjour madame.")
            #expect(abs(result.confidence - exp((-0.2 + -0.5) / 2)) < 1e-9)
            #expect(result.isFinal)
            #expect(server.received.first?.fields["response_format"] == "verbose_json")
            #expect(server.received.first?.headers["authorization"] == nil)
            #expect(server.received.first?.fields["prompt"] == nil)
        }
    }

    @Test func verboseJSONDropsSegmentsWhisperCallsSilence() async throws {
        try await FakeTranscriptionServer.with(behavior: .transcribe([
            .init(text: " Sous-titres réalisés par la communauté", avgLogprob: -1.4, noSpeechProb: 0.92),
            .init(text: " Non merci.", avgLogprob: -0.3, noSpeechProb: 0.05),
        ])) { server in
            let result = try await transcribe(server, format: .verboseJSON)

            #expect(result.text == "Non merci.")
            #expect(abs(result.confidence - exp(-0.3)) < 1e-9)
        }
    }

    @Test func onlySilentSegmentsGiveEmptyText() async throws {
        try await FakeTranscriptionServer.with(behavior: .transcribe([
            .init(text: " Merci.", avgLogprob: -1.2, noSpeechProb: 0.8),
        ])) { server in
            let result = try await transcribe(server, format: .verboseJSON)

            #expect(result == .silence(engine: "whisper"))
        }
    }

    @Test func wrongKeyIsUnauthorized() async throws {
        try await FakeTranscriptionServer.with(behavior: .transcribe([]), requiredKey: "sk-right") { server in
            await #expect(throws: RecognitionError.unauthorized) {
                try await transcribe(server, key: "sk-wrong")
            }
        }
    }

    @Test func serverErrorCarriesStatusAndMessage() async throws {
        try await FakeTranscriptionServer.with(behavior: .fail(status: 500, message: "CUDA out of memory")) { server in
            await #expect(throws: RecognitionError.server(status: 500, message: "CUDA out of memory")) {
                try await transcribe(server)
            }
        }
    }

    @Test func malformedJSONIsReported() async throws {
        try await FakeTranscriptionServer.with(behavior: .raw("<html>gateway</html>")) { server in
            let error = await #expect(throws: RecognitionError.self) { try await transcribe(server) }
            guard case .malformedResponse(let reason) = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("<html>gateway</html>"))
        }
    }

    @Test func silentServerTimesOutAtTheDeadline() async throws {
        try await FakeTranscriptionServer.with(behavior: .neverAnswer) { server in
            let start = ContinuousClock.now
            await #expect(throws: RecognitionError.timeout) {
                try await transcribe(server, timeout: .milliseconds(300))
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= .milliseconds(290))
            // Far below the 10 s default and an endless wait, with room for a machine loaded by parallel tests.
            #expect(elapsed < .seconds(8))
        }
    }

    @Test func serverStallingMidBodyTimesOut() async throws {
        try await FakeTranscriptionServer.with(behavior: .stallAfterHead) { server in
            let start = ContinuousClock.now
            await #expect(throws: RecognitionError.timeout) {
                try await transcribe(server, timeout: .milliseconds(300))
            }
            #expect(ContinuousClock.now - start < .seconds(8))
        }
    }

    @Test func refusedConnectionIsEngineUnavailableAtOnce() async throws {
        let server = try await FakeTranscriptionServer.start(behavior: .neverAnswer)
        let url = server.baseURL
        try await server.shutdown()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WhisperRecognizer.httpClientConfiguration())
        let recognizer = WhisperRecognizer(configuration: .init(baseURL: url, timeout: .seconds(5)), client: client)
        let session = try await recognizer.startSession(sampleRate: 8_000, hints: [])
        _ = try await session.accept(Self.frames[0])

        let start = ContinuousClock.now
        let error = await #expect(throws: RecognitionError.self) { try await session.finish() }
        #expect(ContinuousClock.now - start < .seconds(4))
        try await client.shutdown()
        guard case .engineUnavailable(let reason) = error else {
            Issue.record("expected engineUnavailable, got \(String(describing: error))")
            return
        }
        #expect(reason.contains(url))
    }

    @Test func refusedConnectionWithRetryingClientEndsAtTheDeadline() async throws {
        let server = try await FakeTranscriptionServer.start(behavior: .neverAnswer)
        let url = server.baseURL
        try await server.shutdown()
        let recognizer = WhisperRecognizer(configuration: .init(baseURL: url, timeout: .milliseconds(300)))
        let session = try await recognizer.startSession(sampleRate: 8_000, hints: [])
        _ = try await session.accept(Self.frames[0])

        let start = ContinuousClock.now
        await #expect(throws: RecognitionError.self) { try await session.finish() }
        #expect(ContinuousClock.now - start < .seconds(8))
    }

    @Test func emptyUtteranceIsSilenceWithoutRequest() async throws {
        try await FakeTranscriptionServer.with(behavior: .transcribe([])) { server in
            let result = try await transcribe(server, frames: [])

            #expect(result == .silence(engine: "whisper"))
            #expect(server.received.isEmpty)
        }
    }

    @Test func utteranceIsCappedAtMaxSeconds() async throws {
        try await FakeTranscriptionServer.with(behavior: .transcribe([.init(text: "long", avgLogprob: 0, noSpeechProb: 0)])) { server in
            let frames = (0..<100).map { index in [Int16](repeating: Int16(index), count: 160) }  // 2 s

            _ = try await transcribe(server, frames: frames) { $0.maxUtteranceSeconds = 1 }

            let file = try #require(server.received.first?.file)
            let wav = try #require(WAVTestReader.read(file.data))
            #expect(wav.samples == Array(frames.flatMap { $0 }.prefix(8_000)))
        }
    }

    @Test func sessionIsSingleUse() async throws {
        let recognizer = WhisperRecognizer(configuration: .init(baseURL: "http://127.0.0.1:9"))
        let session = try await recognizer.startSession(sampleRate: 8_000, hints: [])
        #expect(try await session.finish() == .silence(engine: "whisper"))
        await #expect(throws: RecognitionError.self) { try await session.accept(Self.frames[0]) }
        await #expect(throws: RecognitionError.self) { try await session.finish() }
    }

    @Test(arguments: [0, 4_000, 96_000])
    func unsupportedSampleRateIsRejected(rate: Int) async throws {
        let recognizer = WhisperRecognizer(configuration: .init(baseURL: "http://127.0.0.1:9"))
        await #expect(throws: RecognitionError.self) { _ = try await recognizer.startSession(sampleRate: rate, hints: []) }
    }
}
