import Foundation

/// alphacep's vosk-server WebSocket protocol (`websocket/asr_server.py`): a text message
/// `{"config":{"sample_rate":8000}}` first, then PCM16 audio as binary messages, each answered
/// with `{"partial":"…"}` or, at an endpoint, `{"text":"…","result":[{"conf":…,"word":…}]}`;
/// `{"eof" : 1}` asks for the final result, after which the server closes the socket.
/// No credentials and no keep-alive: the server waits for audio as long as the socket is open.
/// ```swift
/// let dialect = VoskServerDialect(url: "ws://127.0.0.1:2700")
/// try dialect.parse(#"{"text":"oui","result":[{"conf":0.9,"word":"oui"}]}"#)
/// // .segment(text: "oui", confidence: 0.9, endsUtterance: false)
/// ```
public struct VoskServerDialect: StreamingDialect {
    public let engine = "vosk-server"
    public var baseURL: String

    public init(url: String) {
        baseURL = url
    }

    public func url(sampleRate: Int) -> String { baseURL }
    public var headers: [(String, String)] { [] }
    public func openingMessages(sampleRate: Int) -> [String] { [#"{"config":{"sample_rate":\#(sampleRate)}}"#] }
    public var finishMessage: String { #"{"eof" : 1}"# }
    public var keepAliveMessage: String? { nil }

    private struct Message: Decodable {
        struct Word: Decodable { var conf: Double? }
        var partial: String?
        var text: String?
        var result: [Word]?
    }

    public func parse(_ text: String) throws(RecognitionError) -> StreamingEvent {
        let message: Message
        do {
            message = try JSONDecoder().decode(Message.self, from: Data(text.utf8))
        } catch {
            throw .malformedResponse("vosk-server sent invalid JSON: \(text.prefix(200))")
        }
        if let partial = message.partial { return .partial(text: partial) }
        if let heard = message.text {
            let confidences = (message.result ?? []).compactMap(\.conf)
            let confidence = confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count)
            return .segment(text: heard, confidence: confidence, endsUtterance: false)
        }
        throw .malformedResponse("vosk-server message has neither \"partial\" nor \"text\": \(text.prefix(200))")
    }
}
