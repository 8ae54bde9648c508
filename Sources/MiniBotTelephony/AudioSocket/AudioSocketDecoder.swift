import struct Foundation.UUID
import NIOCore

/// Splits a TCP byte stream into ``AudioSocketMessage``s.
///
/// Two states, like NIOExtras' `LengthFieldBasedFrameDecoder`: waiting for the 3-byte header,
/// then waiting for the declared payload. The header is validated as soon as it arrives
/// (kind, zero/odd audio length, UUID/DTMF sizes, hard cap), so a bad peer is rejected before
/// we buffer its payload.
///
/// ```swift
/// try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(AudioSocketDecoder()))
/// ```
public struct AudioSocketDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = AudioSocketMessage

    /// 192 kHz × 20 ms × 2 bytes = 7 680 bytes; the default leaves room for 40 ms frames.
    public static let defaultMaximumPayloadLength = 16_384
    static let headerLength = 3

    enum State: Sendable {
        case waitingForHeader
        case waitingForPayload(kind: UInt8, length: Int)
    }

    public let maximumPayloadLength: Int
    private(set) var state: State = .waitingForHeader

    public init(maximumPayloadLength: Int = AudioSocketDecoder.defaultMaximumPayloadLength) {
        self.maximumPayloadLength = max(16, maximumPayloadLength)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try decodeMessage(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A truncated trailing message is dropped: the peer closed mid-frame, the call is over anyway.
        try decode(context: context, buffer: &buffer)
    }

    /// The channel-free core, also used by ``AudioSocketMessage/decodeAll(from:maximumPayloadLength:)``.
    mutating func decodeMessage(from buffer: inout ByteBuffer) throws -> AudioSocketMessage? {
        if case .waitingForHeader = state {
            guard buffer.readableBytes >= Self.headerLength,
                  let kind = buffer.readInteger(as: UInt8.self),
                  let length = buffer.readInteger(endianness: .big, as: UInt16.self)
            else { return nil }
            try validateHeader(kind: kind, length: Int(length))
            state = .waitingForPayload(kind: kind, length: Int(length))
        }
        guard case .waitingForPayload(let kind, let length) = state,
              let payload = buffer.readSlice(length: length)
        else { return nil }
        state = .waitingForHeader
        return try Self.message(kind: kind, payload: payload)
    }

    private func validateHeader(kind: UInt8, length: Int) throws {
        if length > maximumPayloadLength {
            throw AudioSocketDecodingError.payloadTooLarge(kind: kind, length: length, limit: maximumPayloadLength)
        }
        switch kind {
        case AudioSocketKind.hangup: break
        case AudioSocketKind.uuid where length != 16: throw AudioSocketDecodingError.invalidUUIDLength(length)
        case AudioSocketKind.uuid: break
        case AudioSocketKind.dtmf where length != 1: throw AudioSocketDecodingError.invalidDTMFLength(length)
        case AudioSocketKind.dtmf: break
        case AudioSocketKind.error where length > 1: throw AudioSocketDecodingError.invalidErrorLength(length)
        case AudioSocketKind.error: break
        case _ where AudioSocketSampleRate(kind: kind) != nil:
            if length == 0 { throw AudioSocketDecodingError.zeroLengthAudio(kind: kind) }
            if length % 2 != 0 { throw AudioSocketDecodingError.oddLengthAudio(kind: kind, length: length) }
        default: throw AudioSocketDecodingError.unknownKind(kind)
        }
    }

    private static func message(kind: UInt8, payload: ByteBuffer) throws -> AudioSocketMessage {
        switch kind {
        case AudioSocketKind.hangup:
            // Payload, if any, carries no meaning for hangup and is ignored.
            return .hangup
        case AudioSocketKind.uuid:
            let bytes = payload.readableBytesView
            let uuid = bytes.withContiguousStorageIfAvailable { raw in
                UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                            raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
            }
            guard let uuid else { throw AudioSocketDecodingError.invalidUUIDLength(bytes.count) }
            return .uuid(uuid)
        case AudioSocketKind.dtmf:
            let byte = payload.getInteger(at: payload.readerIndex, as: UInt8.self) ?? 0xff
            guard byte < 0x80 else { throw AudioSocketDecodingError.invalidDTMFByte(byte) }
            return .dtmf(Character(Unicode.Scalar(byte)))
        case AudioSocketKind.error:
            return .error(code: payload.getInteger(at: payload.readerIndex, as: UInt8.self))
        default:
            guard let rate = AudioSocketSampleRate(kind: kind) else { throw AudioSocketDecodingError.unknownKind(kind) }
            return .audio(rate: rate, payload: payload)
        }
    }
}
