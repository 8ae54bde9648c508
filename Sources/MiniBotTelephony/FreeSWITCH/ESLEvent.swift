import Foundation

/// A FreeSWITCH event (`CHANNEL_ANSWER`, `DTMF`, `BACKGROUND_JOB`, …) parsed from the body of a
/// `text/event-plain` or `text/event-json` message.
///
/// event-plain bodies are `Name: url-encoded value` lines, optionally followed by their own
/// `Content-Length` and body (BACKGROUND_JOB carries the job's output there); event-json bodies
/// are one JSON object of strings whose `_body` key is that nested body.
/// ```swift
/// let event = try ESLEvent(message: message)
/// event.name            // "CHANNEL_HANGUP_COMPLETE"
/// event["Hangup-Cause"] // "USER_BUSY"
/// event.uniqueID        // the channel's UUID
/// ```
public struct ESLEvent: Sendable, Hashable {
    public var headers: ESLHeaders
    public var body: String?

    public init(headers: ESLHeaders, body: String? = nil) {
        self.headers = headers
        self.body = body
    }

    public subscript(name: String) -> String? { headers[name] }

    /// `Event-Name`; for `CUSTOM` events the `Event-Subclass` (e.g. `mod_audio_stream::connect`).
    public var name: String { headers["Event-Name"] ?? "" }
    public var subclass: String? { headers["Event-Subclass"] }
    /// `Unique-ID` of the channel the event is about.
    public var uniqueID: UUID? { headers["Unique-ID"].flatMap(UUID.init(uuidString:)) }

    /// Parses an event message; throws for other content types or malformed bodies.
    public init(message: ESLMessage) throws {
        switch message.contentType {
        case .eventPlain: try self.init(plainBody: message.body ?? "")
        case .eventJSON: try self.init(jsonBody: message.body ?? "")
        default: throw ESLDecodingError.malformedEvent("content type \(message.headers["Content-Type"] ?? "none") is not an event")
        }
    }

    /// `Name: value` lines (values percent-encoded), a blank line, then an optional nested body.
    public init(plainBody: String) throws {
        let text = Substring(plainBody)
        let headerText: Substring
        var nestedBody: String?
        if let range = Self.blankLine(in: text) {
            headerText = text[..<range.lowerBound]
            let rest = text[range.upperBound...]
            headers = try ESLFrameDecoder.parseHeaders(headerText, decodingValues: true)
            if let lengthText = headers["Content-Length"] {
                guard let length = Int(lengthText.trimmingSpaces), length >= 0 else {
                    throw ESLDecodingError.invalidContentLength(lengthText)
                }
                let bytes = Array(rest.utf8)
                guard bytes.count >= length else {
                    throw ESLDecodingError.malformedEvent("nested Content-Length \(length) but only \(bytes.count) bytes follow")
                }
                nestedBody = String(decoding: bytes[..<length], as: UTF8.self)
            } else if !rest.isEmpty {
                nestedBody = String(rest)
            }
        } else {
            headerText = text
            headers = try ESLFrameDecoder.parseHeaders(headerText, decodingValues: true)
        }
        body = nestedBody
        guard headers["Event-Name"] != nil else { throw ESLDecodingError.malformedEvent("no Event-Name header") }
    }

    /// The first `\n\n` (searched on bytes; Character-level search is much slower).
    static func blankLine(in text: Substring) -> Range<Substring.Index>? {
        let utf8 = text.utf8
        var index = utf8.startIndex
        while let newline = utf8[index...].firstIndex(of: UInt8(ascii: "\n")) {
            let next = utf8.index(after: newline)
            if next < utf8.endIndex, utf8[next] == UInt8(ascii: "\n") {
                return newline..<utf8.index(after: next)
            }
            guard next < utf8.endIndex else { return nil }
            index = next
        }
        return nil
    }

    /// One JSON object; values are strings (numbers and arrays are turned into text).
    public init(jsonBody: String) throws {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(jsonBody.utf8))
        } catch {
            throw ESLDecodingError.malformedEvent("not JSON (\(jsonBody.prefix(40))…)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw ESLDecodingError.malformedEvent("JSON body is not an object")
        }
        var headers = ESLHeaders()
        var body: String?
        for key in dictionary.keys.sorted() {
            let text: String
            switch dictionary[key] {
            case let string as String: text = string
            case let number as NSNumber: text = number.stringValue
            case let array as [Any]: text = array.map { "\($0)" }.joined(separator: "|")
            default: continue
            }
            if key == "_body" { body = text } else { headers.append(key, text) }
        }
        self.headers = headers
        self.body = body
        guard headers["Event-Name"] != nil else { throw ESLDecodingError.malformedEvent("no Event-Name key") }
    }
}
