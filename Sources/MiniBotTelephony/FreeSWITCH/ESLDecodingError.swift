/// Why bytes from the Event Socket are not a valid ESL message. Each case says where and what,
/// so the log line of a dropped connection is enough to diagnose the peer.
/// ```swift
/// // 70 000 header bytes without a blank line → .headerBlockTooLarge(limit: 65536)
/// ```
public enum ESLDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No blank line within the header cap.
    case headerBlockTooLarge(limit: Int)
    /// `Content-Length` above the body cap.
    case bodyTooLarge(length: Int, limit: Int)
    /// `Content-Length` that is not a non-negative integer.
    case invalidContentLength(String)
    /// A header line without `": "` (line number within the block, 1-based).
    case malformedHeaderLine(line: Int, text: String)
    /// Bytes that are not UTF-8 in a header block or body.
    case invalidUTF8(part: String)
    /// An event body that does not parse (`text/event-json` not a JSON object, missing Event-Name…).
    case malformedEvent(String)

    public var description: String {
        switch self {
        case .headerBlockTooLarge(let limit): "ESL header block exceeds \(limit) bytes without a blank line"
        case .bodyTooLarge(let length, let limit): "ESL Content-Length \(length) exceeds the \(limit)-byte limit"
        case .invalidContentLength(let text): "ESL Content-Length '\(text)' is not a non-negative integer"
        case .malformedHeaderLine(let line, let text): "ESL header line \(line) has no ': ' separator: '\(text.prefix(80))'"
        case .invalidUTF8(let part): "ESL \(part) is not valid UTF-8"
        case .malformedEvent(let reason): "ESL event body: \(reason)"
        }
    }
}
