/// One message read from FreeSWITCH's Event Socket: a header block, then an optional body of
/// exactly `Content-Length` bytes.
///
/// The content type says what it is: `auth/request` (greeting), `command/reply` (answer to a
/// command, `Reply-Text: +OK …` / `-ERR …`), `api/response` (body = the API's output),
/// `text/event-plain` / `text/event-json` (an event in the body), `text/disconnect-notice`.
/// ```swift
/// // "Content-Type: command/reply\nReply-Text: +OK accepted\n\n"
/// message.contentType      // .commandReply
/// message.replyText        // "+OK accepted"
/// message.isOK             // true
/// ```
public struct ESLMessage: Sendable, Hashable {
    public var headers: ESLHeaders
    public var body: String?

    public init(headers: ESLHeaders, body: String? = nil) {
        self.headers = headers
        self.body = body
    }

    public var contentType: ESLContentType { ESLContentType(headers["Content-Type"] ?? "") }
    public var replyText: String? { headers["Reply-Text"] }

    /// `true` for a `command/reply` whose text starts with `+OK`, or an `api/response` whose body does.
    public var isOK: Bool {
        switch contentType {
        case .commandReply: replyText?.hasPrefix("+OK") ?? false
        case .apiResponse: body?.hasPrefix("+OK") ?? false
        default: false
        }
    }
}

/// The `Content-Type` of an ESL message.
public enum ESLContentType: Sendable, Hashable {
    case authRequest, commandReply, apiResponse, eventPlain, eventJSON, eventXML
    case disconnectNotice, rudeRejection, logData
    case other(String)

    public init(_ text: String) {
        switch text.lowercased() {
        case "auth/request": self = .authRequest
        case "command/reply": self = .commandReply
        case "api/response": self = .apiResponse
        case "text/event-plain": self = .eventPlain
        case "text/event-json": self = .eventJSON
        case "text/event-xml": self = .eventXML
        case "text/disconnect-notice": self = .disconnectNotice
        case "text/rude-rejection": self = .rudeRejection
        case "log/data": self = .logData
        default: self = .other(text)
        }
    }
}

/// Ordered header list with case-insensitive lookup (FreeSWITCH keeps order and may repeat names).
/// ```swift
/// let headers = ESLHeaders([("Event-Name", "DTMF"), ("DTMF-Digit", "5")])
/// headers["dtmf-digit"]   // "5"
/// ```
public struct ESLHeaders: Sendable, Hashable, Sequence {
    public private(set) var fields: [ESLHeaderField]

    public init(_ pairs: [(String, String)] = []) {
        fields = pairs.map { ESLHeaderField(name: $0.0, value: $0.1) }
    }

    public mutating func append(_ name: String, _ value: String) {
        fields.append(ESLHeaderField(name: name, value: value))
    }

    /// First value of `name`, compared case-insensitively.
    public subscript(name: String) -> String? {
        if let exact = fields.first(where: { $0.name == name }) { return exact.value }
        return fields.first { Self.equalIgnoringASCIICase($0.name, name) }?.value
    }

    /// Header names are ASCII: compare without allocating lowercased copies.
    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if x == y { continue }
                let lx = x >= 65 && x <= 90 ? x + 32 : x
                let ly = y >= 65 && y <= 90 ? y + 32 : y
                if lx != ly { return false }
            default: return false
            }
        }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[ESLHeaderField]> { fields.makeIterator() }
}

public struct ESLHeaderField: Sendable, Hashable {
    public var name: String
    public var value: String
}
