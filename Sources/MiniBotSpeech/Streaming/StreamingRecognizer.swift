import Logging
import MiniBotTelephony
import NIOCore
import NIOWebSocket

/// Timing and robustness settings shared by the streaming engines.
/// ```swift
/// var options = StreamingOptions()
/// options.keepAliveInterval = .seconds(3)   // Deepgram closes after 10 s without audio
/// ```
public struct StreamingOptions: Sendable, Equatable {
    /// TCP + TLS + WebSocket upgrade, per attempt.
    public var connectTimeout: Duration
    /// From `finish()` to the final result (the server flushes, then closes).
    public var finishTimeout: Duration
    /// Sent when no audio went out for this long (only for dialects with a keep-alive message).
    public var keepAliveInterval: Duration
    /// New connections after the server dropped one mid-utterance; the utterance's audio is replayed.
    public var maxReconnects: Int
    /// Audio kept (and replayed on reconnect) per utterance; frames beyond are dropped.
    public var maxUtteranceSeconds: Int

    public init(connectTimeout: Duration = .seconds(3), finishTimeout: Duration = .seconds(10),
                keepAliveInterval: Duration = .seconds(3), maxReconnects: Int = 2, maxUtteranceSeconds: Int = 60) {
        self.connectTimeout = connectTimeout
        self.finishTimeout = finishTimeout
        self.keepAliveInterval = keepAliveInterval
        self.maxReconnects = maxReconnects
        self.maxUtteranceSeconds = maxUtteranceSeconds
    }
}

/// A streaming speech-to-text engine over WebSocket: Deepgram live (``DeepgramDialect``) or
/// vosk-server (``VoskServerDialect``). Each session is one WebSocket opened when the caller
/// starts speaking; audio goes out as it arrives, interim hypotheses come back and are returned
/// by `accept` (so barge-in and early intent can use them), `finish()` sends the dialect's
/// finish message and returns the final text.
///
/// A socket the server drops mid-utterance is reopened (up to ``StreamingOptions/maxReconnects``)
/// and the utterance's audio replayed, so the final text is whole. Refused credentials fail at
/// once with ``RecognitionError/unauthorized`` (wrap in ``FallbackRecognizer`` to keep the call going).
/// ```swift
/// let deepgram = StreamingRecognizer(dialect: DeepgramDialect(apiKey: key))
/// let session = try await deepgram.startSession(callID: id, sampleRate: 8_000, hints: [])
/// if let partial = try await session.accept(frame) { print(partial.text) }
/// let final = try await session.finish()
/// ```
public struct StreamingRecognizer: SpeechRecognizer {
    public let dialect: any StreamingDialect
    public let options: StreamingOptions
    let logger: Logger

    public var name: String { dialect.engine }

    public init(dialect: any StreamingDialect, options: StreamingOptions = StreamingOptions(),
                logger: Logger = Logger(label: "minibot.speech.streaming")) {
        self.dialect = dialect
        self.options = options
        self.logger = logger
    }

    /// Connects before returning, so a refused key or an unreachable server fails here, before
    /// any audio is committed to this engine.
    public func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        try SampleRateCheck.validate(sampleRate)
        var logger = self.logger
        logger[metadataKey: "call_id"] = "\(callID)"
        logger[metadataKey: "engine"] = "\(dialect.engine)"
        let dialect = self.dialect.adapted(hints: hints)
        let channel = try await Self.connect(dialect: dialect, sampleRate: sampleRate, options: options)
        let core = StreamingSessionCore(dialect: dialect, sampleRate: sampleRate, options: options, logger: logger)
        let task = Task { await core.run(first: channel) }
        return StreamingSession(core: core, task: task)
    }

    typealias Socket = NIOAsyncChannel<WebSocketFrame, WebSocketFrame>

    /// One connection attempt under ``StreamingOptions/connectTimeout``, its failures mapped.
    static func connect(dialect: any StreamingDialect, sampleRate: Int, options: StreamingOptions) async throws -> Socket {
        let url = dialect.url(sampleRate: sampleRate)
        let endpoint = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        do {
            return try await withRecognitionDeadline(options.connectTimeout) {
                try await PBXWebSocketClient.connect(
                    url: url, headers: dialect.headers, upgradeTimeout: .nanoseconds(options.connectTimeout.wholeNanoseconds))
            }
        } catch let error as RecognitionError {
            throw error
        } catch PBXWebSocketClient.ConnectError.refused(let status) where status == 401 || status == 403 {
            throw RecognitionError.unauthorized
        } catch PBXWebSocketClient.ConnectError.refused(let status) {
            throw RecognitionError.server(status: status, message: "\(dialect.engine) refused the WebSocket upgrade at \(endpoint)")
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RecognitionError.engineUnavailable("\(dialect.engine) at \(endpoint): \(error)")
        }
    }
}

extension StreamingDialect {
    /// The dialect for one utterance with the call's hints (Deepgram `keywords`; others ignore them).
    func adapted(hints: [String]) -> any StreamingDialect {
        guard var deepgram = self as? DeepgramDialect, !hints.isEmpty else { return self }
        deepgram.keywords = hints
        return deepgram
    }
}
