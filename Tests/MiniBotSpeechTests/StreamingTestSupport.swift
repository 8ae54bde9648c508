import MiniBotTestKit
import Synchronization
@testable import MiniBotSpeech

/// Runs `body` against a fake streaming server on 127.0.0.1, stopping it afterwards.
func withFakeSpeechServer<T: Sendable>(
    _ flavor: FakeSpeechServer.Flavor, _ script: FakeSpeechServer.Script,
    _ body: @Sendable (FakeSpeechServer) async throws -> T
) async throws -> T {
    let server = try await FakeSpeechServer.start(flavor: flavor, script: script)
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await server.run() }
        do {
            let result = try await body(server)
            server.shutdown()
            return result
        } catch {
            server.shutdown()
            throw error
        }
    }
}

/// 20 ms of (non-silent) telephone audio; the fakes count samples, they do not listen.
let speechFrame = (0..<160).map { Int16(truncatingIfNeeded: ($0 % 20) * 500 - 5_000) }

/// The recognizer for `server`, with short deadlines so a broken exchange fails a test quickly.
func streamingRecognizer(for server: FakeSpeechServer, apiKey: String = "test-key",
                         options: StreamingOptions = StreamingOptions(connectTimeout: .seconds(2), finishTimeout: .seconds(5),
                                                                      keepAliveInterval: .seconds(3), maxReconnects: 2))
    -> StreamingRecognizer {
    switch server.flavor {
    case .deepgram:
        StreamingRecognizer(dialect: DeepgramDialect(baseURL: server.url, apiKey: apiKey), options: options)
    case .voskServer:
        StreamingRecognizer(dialect: VoskServerDialect(url: server.url), options: options)
    }
}

/// A fallback engine that reports how many frames it was given (the replay of the utterance).
struct CountingRecognizer: SpeechRecognizer {
    let name = "counting"
    let sessions = Counter()

    func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        sessions.add()
        return Session()
    }

    final class Session: RecognitionSession {
        let frames = Counter()
        func accept(_ frame: [Int16]) async throws -> RecognitionResult? {
            frames.add()
            return nil
        }
        func finish() async throws -> RecognitionResult {
            RecognitionResult(text: "fallback heard \(frames.value) frames", confidence: 1, isFinal: true, engine: "counting")
        }
    }
}

final class Counter: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
