import MiniBotAudio
import Foundation
import Testing
@testable import MiniBotSpeech

/// Pure pieces of the Whisper adapter: endpoint, multipart body, WAV bytes, answer parsing.
@Suite("Whisper request and response formats")
struct WhisperFormatTests {
    @Test(arguments: [
        ("http://h:8000", "http://h:8000/v1/audio/transcriptions"),
        ("http://h:8000/", "http://h:8000/v1/audio/transcriptions"),
        ("https://api.openai.com/v1", "https://api.openai.com/v1/audio/transcriptions"),
        ("https://api.groq.com/openai/v1/", "https://api.groq.com/openai/v1/audio/transcriptions"),
    ])
    func endpointAppendsTheOpenAIRoute(base: String, expected: String) {
        #expect(WhisperConfiguration(baseURL: base).endpoint == expected)
    }

    @Test func multipartRoundTripsThroughAnIndependentParser() throws {
        var form = MultipartFormData(boundary: "b-123")
        let binary: [UInt8] = [0, 13, 10, 45, 45, 98, 255, 13, 10]  // contains CRLF and "--b"
        form.addField(name: "model", value: "whisper-1")
        form.addFile(name: "file", filename: "a\"b.wav", contentType: "audio/wav", bytes: binary)
        form.addField(name: "prompt", value: "é, ç\nnouvelle ligne")

        #expect(MultipartTestParser.boundary(fromContentType: form.contentType) == "b-123")
        let parts = try MultipartTestParser.parse(form.finished(), boundary: "b-123")
        #expect(parts.map(\.name) == ["model", "file", "prompt"])
        #expect(parts[0].data == Array("whisper-1".utf8))
        #expect(parts[1].data == binary)
        #expect(parts[1].contentType == "audio/wav")
        #expect(parts[2].data == Array("é, ç\nnouvelle ligne".utf8))
    }

    @Test func wavBytesAreAValidPCM16File() throws {
        let samples: [Int16] = [0, 1, -1, .max, .min, 1234]
        // The upload is MiniBotAudio's PCM16 WAV: checked here with an independent reader.
        let bytes = WAV.encode(AudioBuffer(sampleRate: 16_000, channels: 1, samples: samples), as: .pcm16)
        #expect(bytes.count == 44 + samples.count * 2)
        let decoded = try #require(WAVTestReader.read(bytes))
        #expect(decoded == .init(sampleRate: 16_000, channels: 1, bitsPerSample: 16, samples: samples))
    }

    @Test func promptJoinsNonEmptyHintsAndCapsLength() {
        #expect(WhisperRecognizer.prompt(from: []) == nil)
        #expect(WhisperRecognizer.prompt(from: ["  "]) == nil)
        #expect(WhisperRecognizer.prompt(from: ["oui", " Bloctel "]) == "oui, Bloctel")
        #expect(WhisperRecognizer.prompt(from: Array(repeating: "abcdefghij", count: 200))?.count == 800)
    }

    @Test func jsonWithoutSegmentsHasFullConfidenceUnlessEmpty() throws {
        let config = WhisperConfiguration(baseURL: "http://x")
        #expect(try WhisperResponseParser.parse(Array(#"{"text":"  Allô ? "}"#.utf8), configuration: config)
            == .init(text: "Allô ?", confidence: 1))
        #expect(try WhisperResponseParser.parse(Array(#"{"text":""}"#.utf8), configuration: config)
            == .init(text: "", confidence: 0))
    }

    @Test(arguments: ["", "{}", #"{"text": 3}"#, "[1,2]", "not json"])
    func malformedAnswersAreRejected(body: String) {
        #expect(throws: RecognitionError.self) {
            try WhisperResponseParser.parse(Array(body.utf8), configuration: .init(baseURL: "http://x"))
        }
    }

    @Test func errorMessagesComeFromOpenAIOrFastAPIBodies() {
        #expect(WhisperResponseParser.errorMessage(Array(#"{"error":{"message":"quota","type":"x"}}"#.utf8)) == "quota")
        #expect(WhisperResponseParser.errorMessage(Array(#"{"detail":"Model not found"}"#.utf8)) == "Model not found")
        #expect(WhisperResponseParser.errorMessage(Array("Bad Gateway".utf8)) == "Bad Gateway")
    }

    @Test func durationConvertsToWholeNanoseconds() {
        #expect(Duration.milliseconds(300).wholeNanoseconds == 300_000_000)
        #expect(Duration.seconds(2).wholeNanoseconds == 2_000_000_000)
    }
}
