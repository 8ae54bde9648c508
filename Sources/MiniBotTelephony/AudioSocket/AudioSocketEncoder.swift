import NIOCore

/// Writes ``AudioSocketMessage``s as `kind:u8, length:u16 BE, payload`.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(AudioSocketEncoder()))
/// ```
public struct AudioSocketEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = AudioSocketMessage

    public init() {}

    public func encode(data: AudioSocketMessage, out: inout ByteBuffer) throws {
        data.write(to: &out)
    }
}

/// Why a message cannot be put on the wire.
public enum AudioSocketEncodingError: Error, Sendable, Hashable {
    /// Audio payloads are limited to 65 535 bytes by the u16 length field.
    case payloadTooLarge(Int)
}

extension AudioSocketMessage {
    /// Serialises the message; an audio payload over 65 535 bytes is truncated to whole samples
    /// (callers build 20 ms frames, so this never happens in practice — see ``validateForEncoding()``).
    public func write(to out: inout ByteBuffer) {
        out.writeInteger(kind)
        switch self {
        case .hangup:
            out.writeInteger(UInt16(0), endianness: .big)
        case .uuid(let uuid):
            out.writeInteger(UInt16(16), endianness: .big)
            withUnsafeBytes(of: uuid.uuid) { _ = out.writeBytes($0) }
        case .dtmf(let digit):
            out.writeInteger(UInt16(1), endianness: .big)
            out.writeInteger(digit.asciiValue ?? UInt8(ascii: "?"))
        case .audio(_, var payload):
            let length = min(payload.readableBytes, 65_534)
            out.writeInteger(UInt16(length), endianness: .big)
            if let slice = payload.readSlice(length: length) {
                var copy = slice
                out.writeBuffer(&copy)
            }
        case .error(let code):
            if let code {
                out.writeInteger(UInt16(1), endianness: .big)
                out.writeInteger(code)
            } else {
                out.writeInteger(UInt16(0), endianness: .big)
            }
        }
    }

    /// Throws when the message cannot be represented exactly on the wire.
    public func validateForEncoding() throws {
        if case .audio(_, let payload) = self, payload.readableBytes > 65_534 {
            throw AudioSocketEncodingError.payloadTooLarge(payload.readableBytes)
        }
    }

    /// The wire bytes of this message (tests, benchmarks, tools).
    public func encodedBytes() -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: 3 + 16)
        write(to: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// Decodes every complete message in `bytes` with the same rules as ``AudioSocketDecoder``;
    /// trailing incomplete bytes are ignored.
    public static func decodeAll(
        from bytes: [UInt8],
        maximumPayloadLength: Int = AudioSocketDecoder.defaultMaximumPayloadLength
    ) throws -> [AudioSocketMessage] {
        var buffer = ByteBufferAllocator().buffer(bytes: bytes)
        var decoder = AudioSocketDecoder(maximumPayloadLength: maximumPayloadLength)
        var messages: [AudioSocketMessage] = []
        while let message = try decoder.decodeMessage(from: &buffer) { messages.append(message) }
        return messages
    }
}
