import Foundation

/// Deepgram's live streaming API (`wss://api.deepgram.com/v1/listen`), as documented for
/// raw audio: PCM16 little-endian frames as binary messages, `{"type":"KeepAlive"}` while idle
/// (Deepgram closes a socket after 10 s without audio, error NET-0001), `{"type":"CloseStream"}`
/// to flush and close. The server answers `Results` (interim while `is_final` is false, closed
/// segments when true, `speech_final` at the end of speech) and one `Metadata` summary at the end.
///
/// Credentials go in the `Authorization: Token <key>` header; a bad key is refused with HTTP 401
/// at the upgrade, which ``StreamingRecognizer`` reports as ``RecognitionError/unauthorized``.
/// ```swift
/// let dialect = DeepgramDialect(apiKey: key, language: "fr")
/// dialect.url(sampleRate: 8_000)
/// // wss://api.deepgram.com/v1/listen?encoding=linear16&sample_rate=8000&channels=1&language=fr&interim_results=true&model=nova-2
/// ```
public struct DeepgramDialect: StreamingDialect {
    public static let defaultURL = "wss://api.deepgram.com/v1/listen"

    public let engine = "deepgram"
    /// `wss://…/v1/listen`, or a `ws://127.0.0.1:…` fake in tests (`DEEPGRAM_URL`).
    public var baseURL: String
    public var apiKey: String
    public var language: String
    public var model: String
    /// Words likely to be said, sent as `keywords` (at most ``maxKeywords``).
    public var keywords: [String]
    public static let maxKeywords = 20

    public init(baseURL: String = DeepgramDialect.defaultURL, apiKey: String, language: String = "fr",
                model: String = "nova-2", keywords: [String] = []) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.language = language
        self.model = model
        self.keywords = keywords
    }

    public func url(sampleRate: Int) -> String {
        var query = [
            ("encoding", "linear16"), ("sample_rate", String(sampleRate)), ("channels", "1"),
            ("language", language), ("interim_results", "true"), ("model", model),
        ]
        for keyword in keywords.map(\.trimmedSpaces).filter({ !$0.isEmpty }).prefix(Self.maxKeywords) {
            query.append(("keywords", keyword))
        }
        let separator = baseURL.contains("?") ? "&" : "?"
        return baseURL + separator + query.map { "\($0)=\(Self.escape($1))" }.joined(separator: "&")
    }

    public var headers: [(String, String)] { [("Authorization", "Token \(apiKey)")] }
    public func openingMessages(sampleRate: Int) -> [String] { [] }
    public var finishMessage: String { #"{"type":"CloseStream"}"# }
    public var keepAliveMessage: String? { #"{"type":"KeepAlive"}"# }

    /// Every message has a `type`; only `Results` and `Error` are read further (other types, such as
    /// `SpeechStarted` whose `channel` is an array, have shapes of their own).
    private struct Envelope: Decodable {
        var type: String?
    }

    private struct Results: Decodable {
        struct Channel: Decodable { var alternatives: [Alternative]? }
        struct Alternative: Decodable {
            var transcript: String?
            var confidence: Double?
        }
        var channel: Channel?
        var is_final: Bool?
        var speech_final: Bool?
    }

    private struct Failure: Decodable {
        var description: String?
        var message: String?
        var err_msg: String?
    }

    public func parse(_ text: String) throws(RecognitionError) -> StreamingEvent {
        let data = Data(text.utf8)
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: data) else {
            throw .malformedResponse("Deepgram sent invalid JSON: \(text.prefix(200))")
        }
        guard let type = envelope.type else {
            throw .malformedResponse("Deepgram message has no \"type\": \(text.prefix(200))")
        }
        switch type {
        case "Results":
            guard let message = try? JSONDecoder().decode(Results.self, from: data),
                  let alternative = message.channel?.alternatives?.first, let transcript = alternative.transcript else {
                throw .malformedResponse("Deepgram Results without channel.alternatives[0].transcript: \(text.prefix(200))")
            }
            if message.is_final == true {
                return .segment(text: transcript, confidence: transcript.trimmedSpaces.isEmpty ? nil : alternative.confidence,
                                endsUtterance: message.speech_final == true)
            }
            return .partial(text: transcript)
        case "Metadata":
            return .complete
        case "Error":
            let failure = try? JSONDecoder().decode(Failure.self, from: data)
            let reason = failure?.description ?? failure?.message ?? failure?.err_msg ?? String(text.prefix(200))
            throw .engineUnavailable("Deepgram error: \(reason)")
        default:
            return .ignored
        }
    }

    static func escape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
