import Foundation
import Testing
@testable import MiniBotSpeech

/// The vosk-server adapter against a real vosk-server (`scripts/vosk-server-local.sh start`, the
/// `vosk` PyPI package's libvosk behind alphacep's WebSocket protocol), not a fake. The only Vosk
/// model on PyPI is Korean, so the clip is espeak-ng Korean. The reference is an independent client
/// of the same server (Python `websockets`, 200 ms messages). This clip is hard for the small Korean
/// model: readings differ with message sizes (endpoints fall elsewhere) and from run to run (Kaldi's
/// dither) in their second half, never in the first four words; a wrong rate, byte order or
/// protocol step gives empty or unrelated text, so the head of the utterance is what is compared.
/// Serial phase in CI (`RealVoskServer`): the server decodes on the CPU.
@Suite("RealVoskServer: the vosk-server adapter against a running vosk-server", .serialized, .timeLimit(.minutes(2)))
struct RealVoskServerTests {
    static let url = ProcessInfo.processInfo.environment["MINIBOT_TEST_VOSK_SERVER_URL"].flatMap { $0.isEmpty ? nil : $0 }
    static let missing: String? = {
        if url == nil { return "no vosk-server running: eval \"$(scripts/vosk-server-local.sh start)\" sets MINIBOT_TEST_VOSK_SERVER_URL" }
        for (name, path) in [("espeak-ng", VoskFixture.espeak), ("sox", VoskFixture.sox), ("python3", VoskFixture.python)] where path == nil {
            return "\(name) not on PATH (the Korean clip and the reference client need it)"
        }
        return nil
    }()

    @Test("a Korean clip streamed in 20 ms frames: partials, then the Python binding's text",
          .enabled(if: missing == nil, "\(missing ?? "")"))
    func koreanClip() async throws {
        let url = try #require(Self.url)
        let clip = try VoskFixture.koreanClip(rate: 8_000)
        let reference = try Self.pythonClientReference(rawPath: clip.path, url: url)
        let recognizer = StreamingRecognizer(dialect: VoskServerDialect(url: url),
                                             options: StreamingOptions(connectTimeout: .seconds(5), finishTimeout: .seconds(30)))
        let session = try await recognizer.startSession(callID: "real", sampleRate: 8_000, hints: [])
        let streaming = try #require(session as? StreamingSession)
        let collector = Task { await streaming.hypotheses.reduce(into: [String]()) { $0.append($1.text) } }
        for start in stride(from: 0, to: clip.samples.count, by: 160) {
            _ = try await session.accept(Array(clip.samples[start..<min(start + 160, clip.samples.count)]))
        }
        let final = try await session.finish()
        let partials = await collector.value
        let heard = final.text.split(separator: " "), expected = reference.text.split(separator: " ")
        #expect(expected.count >= 4, "reference: \(reference.text)")
        #expect(heard.prefix(4) == expected.prefix(4), "\(final.text) vs \(reference.text)")
        #expect(wordEditDistance(final.text, reference.text) * 2 <= expected.count, "\(final.text) vs \(reference.text)")
        #expect(final.isFinal && final.engine == "vosk-server")
        #expect(final.confidence > 0.3 && final.confidence <= 1 && abs(final.confidence - reference.confidence) < 0.25)
        #expect(!partials.isEmpty, "vosk-server answers partial results while audio streams")
    }

    /// What a Python `websockets` client hears from the server for the same samples.
    static func pythonClientReference(rawPath: String, url: String) throws -> (text: String, confidence: Double) {
        let script = """
        import asyncio, json, sys, websockets
        async def main(raw, url):
            data = open(raw, 'rb').read()
            texts, confs = [], []
            def keep(reply):
                result = json.loads(reply)
                if result.get('text', '').strip():
                    texts.append(result['text'].strip())
                    confs.extend(w['conf'] for w in result.get('result', []))
            async with websockets.connect(url) as ws:
                await ws.send(json.dumps({'config': {'sample_rate': 8000}}))
                for i in range(0, len(data), 3200):
                    await ws.send(data[i:i + 3200])
                    keep(await ws.recv())
                await ws.send('{"eof" : 1}')
                keep(await ws.recv())
            print(json.dumps({'text': ' '.join(texts), 'conf': sum(confs) / len(confs) if confs else 0.0}))
        asyncio.run(main(sys.argv[1], sys.argv[2]))
        """
        let output = try VoskFixture.run(try #require(VoskFixture.python), ["-c", script, rawPath, url])
        struct Reference: Decodable { var text: String; var conf: Double }
        let line = try #require(output.split(separator: "\n").last)
        let reference = try JSONDecoder().decode(Reference.self, from: Data(line.utf8))
        return (reference.text, reference.conf)
    }

    @Test("silence gives an empty final result", .enabled(if: missing == nil, "\(missing ?? "")"))
    func silence() async throws {
        let recognizer = StreamingRecognizer(dialect: VoskServerDialect(url: try #require(Self.url)),
                                             options: StreamingOptions(connectTimeout: .seconds(5), finishTimeout: .seconds(30)))
        let session = try await recognizer.startSession(callID: "real", sampleRate: 8_000, hints: [])
        for _ in 0..<50 { _ = try await session.accept([Int16](repeating: 0, count: 160)) }
        #expect(try await session.finish() == RecognitionResult(text: "", confidence: 0, isFinal: true, engine: "vosk-server"))
    }
}
