import Foundation
import MiniBotTestKit
import Testing
@testable import MiniBotSpeech

/// Deepgram live and vosk-server adapters against faithful fakes of their WebSocket protocols.
@Suite("Streaming recognizers (Deepgram, vosk-server) against protocol fakes", .timeLimit(.minutes(1)))
struct StreamingRecognizerTests {
    static let words = ["oui", "je", "suis", "intéressé"]
    static let sentence = words.joined(separator: " ")
    static let flavors: [FakeSpeechServer.Flavor] = [.deepgram(apiKey: "test-key"), .voskServer]

    /// Feeds `frames` frames, returns the partials `accept` gave back.
    private func feed(_ session: any RecognitionSession, frames: Int) async throws -> [RecognitionResult] {
        var partials: [RecognitionResult] = []
        for _ in 0..<frames {
            if let partial = try await session.accept(speechFrame) { partials.append(partial) }
        }
        return partials
    }

    @Test("interim results grow word by word, then the final result is whole", arguments: flavors)
    func interimThenFinal(flavor: FakeSpeechServer.Flavor) async throws {
        let script = FakeSpeechServer.Script(words: Self.words, samplesPerWord: 800, segmentEveryWords: 2)
        try await withFakeSpeechServer(flavor, script) { server in
            let recognizer = streamingRecognizer(for: server)
            let session = try await recognizer.startSession(callID: "call-1", sampleRate: 8_000, hints: [])
            let streaming = try #require(session as? StreamingSession)
            // One word's worth of audio at a time, then the server's new hypothesis.
            var hypotheses = streaming.hypotheses.makeAsyncIterator()
            for count in 1...Self.words.count {
                _ = try await feed(session, frames: 5)
                let hypothesis = await hypotheses.next()
                #expect(hypothesis?.text == Self.words.prefix(count).joined(separator: " "))
                #expect(hypothesis?.isFinal == false)
            }
            // `accept` reports the newest hypothesis once, as a partial result.
            let partial = try await session.accept(speechFrame)
            #expect(partial?.text == Self.sentence)
            #expect(partial?.isFinal == false)
            #expect(partial?.engine == recognizer.name)
            #expect(try await session.accept(speechFrame) == nil)
            let final = try await session.finish()
            #expect(final.text == Self.sentence)
            #expect(final.isFinal)
            #expect(final.engine == recognizer.name)
            #expect(abs(final.confidence - (flavor == .voskServer ? 0.9 : 0.93)) < 1e-9)
            let seenByServer = server.snapshot
            #expect(seenByServer.connections.count == 1)
            #expect(seenByServer.samples == [22 * 160])
            #expect(seenByServer.completed == 1)
            switch flavor {
            case .deepgram:
                #expect(seenByServer.authorizations == ["Token test-key"])
                let query = try #require(seenByServer.connections.first)
                for parameter in ["encoding=linear16", "sample_rate=8000", "channels=1", "language=fr", "interim_results=true"] {
                    #expect(query.contains(parameter), "\(parameter) missing from \(query)")
                }
                #expect(seenByServer.textMessages == [#"{"type":"CloseStream"}"#])
            case .voskServer:
                #expect(seenByServer.textMessages == [#"{"config":{"sample_rate":8000}}"#, #"{"eof" : 1}"#])
            }
        }
    }

    @Test("the server drops the socket mid-utterance: the recognizer reconnects and replays the audio", arguments: flavors)
    func reconnectsAfterADrop(flavor: FakeSpeechServer.Flavor) async throws {
        let script = FakeSpeechServer.Script(words: Self.words, samplesPerWord: 800, dropAfterSamples: 1_600)
        try await withFakeSpeechServer(flavor, script) { server in
            let session = try await streamingRecognizer(for: server).startSession(callID: "c", sampleRate: 8_000, hints: [])
            _ = try await feed(session, frames: 10)
            #expect(await server.wait { $0.connections.count == 2 })
            _ = try await feed(session, frames: 15)
            let final = try await session.finish()
            #expect(final.text == Self.sentence)
            let seen = server.snapshot
            #expect(seen.connections.count == 2)
            #expect(seen.samples.last == 25 * 160, "the new connection gets the whole utterance again")
        }
    }

    @Test("a server that keeps dropping fails the utterance with a clear error", arguments: flavors)
    func givesUpAfterTheReconnects(flavor: FakeSpeechServer.Flavor) async throws {
        let script = FakeSpeechServer.Script(words: Self.words, dropAfterSamples: 320, dropConnections: 100)
        try await withFakeSpeechServer(flavor, script) { server in
            let session = try await streamingRecognizer(for: server).startSession(callID: "c", sampleRate: 8_000, hints: [])
            _ = try? await feed(session, frames: 3)
            #expect(await server.wait { $0.connections.count == 3 })
            let error = await #expect(throws: RecognitionError.self) { _ = try await session.finish() }
            guard case .engineUnavailable(let reason)? = error else {
                Issue.record("expected engineUnavailable, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("dropped the connection 3 times"))
            #expect(server.snapshot.connections.count == 3, "one connection and two reconnects, no more")
        }
    }

    @Test("a refused Deepgram key is a clear unauthorized error at session start")
    func refusedKey() async throws {
        try await withFakeSpeechServer(.deepgram(apiKey: "right"), .init(words: Self.words)) { server in
            let recognizer = streamingRecognizer(for: server, apiKey: "wrong")
            let error = await #expect(throws: RecognitionError.self) {
                _ = try await recognizer.startSession(callID: "c", sampleRate: 8_000, hints: [])
            }
            #expect(error == .unauthorized)
            #expect(error?.description.contains("unauthorized") == true)
            #expect(server.snapshot.refused == 1)
            #expect(server.snapshot.authorizations == ["Token wrong"])
        }
    }

    @Test("bad JSON from the server fails the utterance as a malformed response", arguments: flavors)
    func badJSON(flavor: FakeSpeechServer.Flavor) async throws {
        let script = FakeSpeechServer.Script(words: Self.words, samplesPerWord: 800, badJSONAfterSamples: 800)
        try await withFakeSpeechServer(flavor, script) { server in
            let session = try await streamingRecognizer(for: server).startSession(callID: "c", sampleRate: 8_000, hints: [])
            _ = try? await feed(session, frames: 10)
            let error = await #expect(throws: RecognitionError.self) { _ = try await session.finish() }
            guard case .malformedResponse(let reason)? = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(reason.contains("invalid JSON"))
        }
    }
}

/// Idle-time behaviour: wall-clock waits (the fake's idle timeout, the client's KeepAlive timer),
/// so the suite runs in CI's serial RealTime phase, away from CPU-heavy suites.
@Suite("Streaming KeepAlive (RealTime)", .serialized, .timeLimit(.minutes(1)))
struct StreamingKeepAliveRealTimeTests {
    static let words = StreamingRecognizerTests.words
    static let sentence = StreamingRecognizerTests.sentence

    private func feed(_ session: any RecognitionSession, frames: Int) async throws {
        for _ in 0..<frames { _ = try await session.accept(speechFrame) }
    }

    @Test("KeepAlive keeps an idle Deepgram socket open past the server's idle timeout")
    func keepAliveWhenIdle() async throws {
        let script = FakeSpeechServer.Script(words: Self.words, samplesPerWord: 800, idleTimeout: .milliseconds(1_500))
        try await withFakeSpeechServer(.deepgram(apiKey: "test-key"), script) { server in
            var options = StreamingOptions(connectTimeout: .seconds(2), finishTimeout: .seconds(5))
            options.keepAliveInterval = .milliseconds(100)
            let session = try await streamingRecognizer(for: server, options: options)
                .startSession(callID: "c", sampleRate: 8_000, hints: [])
            try await feed(session, frames: 5)
            // No audio now: only KeepAlive messages hold the socket (20 of them span > 1.5 s).
            #expect(await server.wait(timeout: .seconds(20)) { $0.keepAlives >= 20 })
            _ = try await feed(session, frames: 20)
            let final = try await session.finish()
            #expect(final.text == Self.sentence)
            let seen = server.snapshot
            #expect(seen.idleClosures == 0)
            #expect(seen.connections.count == 1)
            #expect(seen.textMessages.allSatisfy { $0 == #"{"type":"KeepAlive"}"# || $0 == #"{"type":"CloseStream"}"# })
            #expect(seen.textMessages.last == #"{"type":"CloseStream"}"#)
        }
    }

    @Test("without KeepAlive the fake closes an idle socket (NET-0001), and the recognizer reconnects")
    func idleSocketIsClosedWithoutKeepAlive() async throws {
        let script = FakeSpeechServer.Script(words: Self.words, samplesPerWord: 800, idleTimeout: .milliseconds(500))
        try await withFakeSpeechServer(.deepgram(apiKey: "test-key"), script) { server in
            var options = StreamingOptions(connectTimeout: .seconds(2), finishTimeout: .seconds(5))
            options.keepAliveInterval = .seconds(8)
            options.maxReconnects = 5  // a slow machine may let the new socket idle out too: the audio is replayed each time
            let session = try await streamingRecognizer(for: server, options: options)
                .startSession(callID: "c", sampleRate: 8_000, hints: [])
            _ = try await feed(session, frames: 5)
            #expect(await server.wait { $0.idleClosures >= 1 && $0.connections.count >= 2 })
            _ = try await feed(session, frames: 20)
            #expect(try await session.finish().text == Self.sentence)
            #expect(server.snapshot.keepAlives == 0)
        }
    }
}

/// The fallback engine keeps a call understood when the streaming engine fails.
@Suite("Fallback recognizer with a failing streaming engine", .timeLimit(.minutes(1)))
struct StreamingFallbackTests {
    @Test("refused key: the utterance goes to the fallback, later ones skip the refused engine")
    func refusedKeyFallsBack() async throws {
        try await withFakeSpeechServer(.deepgram(apiKey: "right"), .init(words: ["oui"])) { server in
            let fallback = CountingRecognizer()
            let recognizer = FallbackRecognizer(primary: streamingRecognizer(for: server, apiKey: "wrong"), fallback: fallback)
            for utterance in 1...2 {
                let session = try await recognizer.startSession(callID: "c", sampleRate: 8_000, hints: [])
                for _ in 0..<7 { _ = try await session.accept(speechFrame) }
                let result = try await session.finish()
                #expect(result == RecognitionResult(text: "fallback heard 7 frames", confidence: 1, isFinal: true, engine: "counting"),
                        "utterance \(utterance)")
            }
            #expect(server.snapshot.refused == 1, "the refused key is not retried at every utterance")
            #expect(fallback.sessions.value == 2)
        }
    }

    @Test("bad JSON mid-utterance: the fallback finishes the utterance with every frame replayed")
    func badJSONFallsBack() async throws {
        let script = FakeSpeechServer.Script(words: ["oui"], badJSONAfterSamples: 480)
        try await withFakeSpeechServer(.voskServer, script) { server in
            let recognizer = FallbackRecognizer(primary: streamingRecognizer(for: server), fallback: CountingRecognizer())
            let session = try await recognizer.startSession(callID: "c", sampleRate: 8_000, hints: [])
            for _ in 0..<12 { _ = try await session.accept(speechFrame) }
            let result = try await session.finish()
            #expect(result.engine == "counting")
            #expect(result.text == "fallback heard 12 frames")
        }
    }

    @Test("server gone: the fallback answers")
    func unreachableServerFallsBack() async throws {
        // A port that was just open and is now closed: connection refused on loopback.
        let server = try await FakeSpeechServer.start(flavor: .voskServer, script: .init(words: []))
        let url = server.url
        await server.stop()
        let primary = StreamingRecognizer(dialect: VoskServerDialect(url: url),
                                          options: StreamingOptions(connectTimeout: .seconds(2)))
        let error = await #expect(throws: RecognitionError.self) {
            _ = try await primary.startSession(callID: "c", sampleRate: 8_000, hints: [])
        }
        guard case .engineUnavailable(let reason)? = error else {
            Issue.record("expected engineUnavailable, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("vosk-server"))
        let recognizer = FallbackRecognizer(primary: primary, fallback: CountingRecognizer())
        let session = try await recognizer.startSession(callID: "c", sampleRate: 8_000, hints: [])
        _ = try await session.accept(speechFrame)
        #expect(try await session.finish().engine == "counting")
    }
}
