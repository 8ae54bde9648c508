/// What one streaming engine's WebSocket protocol looks like from the client: where to connect,
/// what to say first and last, and how to read what the server says. ``StreamingRecognizer``
/// does the rest (connection, audio pump, KeepAlive, reconnect, deadlines) the same way for all.
///
/// Dialects are pure: no sockets, no clock, so each is tested by feeding it strings.
/// ```swift
/// let dialect = VoskServerDialect(url: "ws://127.0.0.1:2700")
/// dialect.openingMessages(sampleRate: 8_000)   // [#"{"config":{"sample_rate":8000}}"#]
/// try dialect.parse(#"{"partial":"oui"}"#)     // .partial(text: "oui")
/// ```
public protocol StreamingDialect: Sendable {
    /// Engine label copied into results ("deepgram", "vosk-server").
    var engine: String { get }
    /// The WebSocket URL for one utterance at `sampleRate`.
    func url(sampleRate: Int) -> String
    /// HTTP headers of the upgrade request (credentials).
    var headers: [(String, String)] { get }
    /// Text messages sent right after connecting, before any audio.
    func openingMessages(sampleRate: Int) -> [String]
    /// The text message that asks the server for the final result and to close.
    var finishMessage: String { get }
    /// The text message that keeps an idle connection open, if the protocol has one.
    var keepAliveMessage: String? { get }
    /// Reads one text message from the server.
    func parse(_ text: String) throws(RecognitionError) -> StreamingEvent
}

/// One server message, in the vocabulary every streaming engine shares.
public enum StreamingEvent: Sendable, Equatable {
    /// The open segment's current hypothesis (Deepgram interim result, vosk-server `partial`).
    case partial(text: String)
    /// A closed segment (Deepgram `is_final`, vosk-server `text`): it will not change any more.
    /// `endsUtterance`: the server also marked the end of speech (Deepgram `speech_final`).
    case segment(text: String, confidence: Double?, endsUtterance: Bool)
    /// The server's summary after the finish message: the stream is complete (Deepgram `Metadata`).
    case complete
    /// A message the client does not need (Deepgram `SpeechStarted`, `UtteranceEnd`, …).
    case ignored
}
