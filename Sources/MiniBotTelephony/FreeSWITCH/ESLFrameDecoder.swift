import NIOCore

/// Splits the Event Socket byte stream into ``ESLMessage``s.
///
/// Two states, like NIOExtras' `LengthFieldBasedFrameDecoder`: reading the header block (lines
/// up to a blank line), then reading exactly `Content-Length` body bytes. Both parts have a hard
/// cap so a broken or hostile peer cannot make us buffer without bound. Top-level header values
/// are taken verbatim (FreeSWITCH does not encode them); event bodies are parsed later by
/// ``ESLEvent/init(message:)``.
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ESLFrameDecoder()))
/// ```
public struct ESLFrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ESLMessage

    public static let defaultMaximumHeaderBlockLength = 64 * 1024
    public static let defaultMaximumBodyLength = 8 * 1024 * 1024

    enum State: Sendable {
        /// `scanned`: bytes already searched for the blank line (avoids rescanning on each read).
        case waitingForHeaders(scanned: Int)
        case waitingForBody(headers: ESLHeaders, length: Int)
    }

    public let maximumHeaderBlockLength: Int
    public let maximumBodyLength: Int
    private(set) var state: State = .waitingForHeaders(scanned: 0)

    public init(maximumHeaderBlockLength: Int = Self.defaultMaximumHeaderBlockLength,
                maximumBodyLength: Int = Self.defaultMaximumBodyLength) {
        self.maximumHeaderBlockLength = max(64, maximumHeaderBlockLength)
        self.maximumBodyLength = max(0, maximumBodyLength)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try decodeMessage(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A truncated trailing message is dropped: the connection is gone anyway.
        try decode(context: context, buffer: &buffer)
    }

    /// The channel-free core (also used by tests and benchmarks).
    public mutating func decodeMessage(from buffer: inout ByteBuffer) throws -> ESLMessage? {
        if case .waitingForHeaders(let scanned) = state {
            guard let end = Self.blankLine(in: buffer, from: scanned) else {
                if buffer.readableBytes > maximumHeaderBlockLength {
                    throw ESLDecodingError.headerBlockTooLarge(limit: maximumHeaderBlockLength)
                }
                state = .waitingForHeaders(scanned: max(0, buffer.readableBytes - 2))
                return nil
            }
            if end.headerLength > maximumHeaderBlockLength {
                throw ESLDecodingError.headerBlockTooLarge(limit: maximumHeaderBlockLength)
            }
            guard let text = buffer.readString(length: end.headerLength) else {
                throw ESLDecodingError.invalidUTF8(part: "header block")
            }
            buffer.moveReaderIndex(forwardBy: end.separatorLength)
            let headers = try Self.parseHeaders(text, decodingValues: false)
            let length = try Self.contentLength(headers)
            if length > maximumBodyLength { throw ESLDecodingError.bodyTooLarge(length: length, limit: maximumBodyLength) }
            if length == 0 {
                state = .waitingForHeaders(scanned: 0)
                return ESLMessage(headers: headers)
            }
            state = .waitingForBody(headers: headers, length: length)
        }
        guard case .waitingForBody(let headers, let length) = state, buffer.readableBytes >= length else { return nil }
        guard let body = buffer.readString(length: length) else { throw ESLDecodingError.invalidUTF8(part: "body") }
        state = .waitingForHeaders(scanned: 0)
        return ESLMessage(headers: headers, body: body)
    }

    /// Decodes every complete message in `bytes` (tests, benchmarks, offline captures).
    /// ```swift
    /// let messages = try ESLFrameDecoder.decodeAll(Array(capture.utf8))
    /// ```
    public static func decodeAll<Bytes: Sequence>(_ bytes: Bytes) throws -> [ESLMessage] where Bytes.Element == UInt8 {
        var decoder = ESLFrameDecoder()
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        buffer.writeBytes(bytes)
        var messages: [ESLMessage] = []
        while let message = try decoder.decodeMessage(from: &buffer) { messages.append(message) }
        return messages
    }

    /// Finds `\n\n` (or `\n\r\n`); returns the header block length and separator length.
    static func blankLine(in buffer: ByteBuffer, from scanned: Int) -> (headerLength: Int, separatorLength: Int)? {
        let view = buffer.readableBytesView
        var index = view.startIndex + scanned
        while index < view.endIndex {
            if view[index] == UInt8(ascii: "\n") {
                let next = index + 1
                if next < view.endIndex, view[next] == UInt8(ascii: "\n") {
                    return (index - view.startIndex + 1, 1)
                }
                if next + 1 < view.endIndex, view[next] == UInt8(ascii: "\r"), view[next + 1] == UInt8(ascii: "\n") {
                    return (index - view.startIndex + 1, 2)
                }
            }
            index += 1
        }
        return nil
    }

    /// Parses `Name: value` lines (LF or CRLF). `decodingValues`: percent-decode values
    /// (event-plain bodies). Works on UTF-8 bytes: header parsing is on every event's path.
    static func parseHeaders(_ text: Substring, decodingValues: Bool) throws -> ESLHeaders {
        var headers = ESLHeaders()
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var lineNumber = 0
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            lineNumber += 1
            var contentEnd = lineEnd
            if contentEnd > lineStart, utf8[utf8.index(before: contentEnd)] == UInt8(ascii: "\r") {
                contentEnd = utf8.index(before: contentEnd)
            }
            if contentEnd > lineStart {
                guard let colon = utf8[lineStart..<contentEnd].firstIndex(of: UInt8(ascii: ":")) else {
                    throw ESLDecodingError.malformedHeaderLine(line: lineNumber, text: String(Substring(utf8[lineStart..<contentEnd])))
                }
                let name = String(Substring(utf8[lineStart..<colon]))
                var valueStart = utf8.index(after: colon)
                if valueStart < contentEnd, utf8[valueStart] == UInt8(ascii: " ") { valueStart = utf8.index(after: valueStart) }
                let value = Substring(utf8[valueStart..<contentEnd])
                headers.append(name, decodingValues ? ESLPercentEncoding.decode(value) : String(value))
            }
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
        }
        return headers
    }

    static func parseHeaders(_ text: String, decodingValues: Bool) throws -> ESLHeaders {
        try parseHeaders(Substring(text), decodingValues: decodingValues)
    }

    static func contentLength(_ headers: ESLHeaders) throws -> Int {
        guard let text = headers["Content-Length"] else { return 0 }
        guard let length = Int(text.trimmingSpaces), length >= 0 else { throw ESLDecodingError.invalidContentLength(text) }
        return length
    }
}

extension String {
    var trimmingSpaces: Substring {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" || s.last == "\r" { s = s.dropLast() }
        return s
    }
}

/// FreeSWITCH's URL encoding of event-plain header values (`%20`, `%3A`, …; `+` is literal).
public enum ESLPercentEncoding {
    public static func decode<S: StringProtocol>(_ text: S) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        let utf8 = text.utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            let first = utf8.index(after: index)
            if byte == UInt8(ascii: "%"), first != utf8.endIndex {
                let second = utf8.index(after: first)
                if second != utf8.endIndex, let high = hexValue(utf8[first]), let low = hexValue(utf8[second]) {
                    bytes.append(high << 4 | low)
                    index = utf8.index(after: second)
                    continue
                }
            }
            bytes.append(byte)
            index = first
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Encodes like FreeSWITCH's `switch_url_encode`: everything but letters, digits and `-_.~` … used by fakes.
    public static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
