/// Why a byte stream is not valid AudioSocket. Each case names the offending kind and
/// length so the log line of a closed call says exactly what the peer sent.
///
/// ```swift
/// // kind 0x10 with length 0 → .zeroLengthAudio(kind: 0x10)
/// ```
public enum AudioSocketDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A kind byte the protocol does not define (e.g. `0x02`, or `0x19`).
    case unknownKind(UInt8)
    /// An audio message with no payload; Asterisk rejects those too.
    case zeroLengthAudio(kind: UInt8)
    /// An audio payload that is not a whole number of 16-bit samples.
    case oddLengthAudio(kind: UInt8, length: Int)
    /// A UUID message whose payload is not exactly 16 bytes.
    case invalidUUIDLength(Int)
    /// A DTMF message whose payload is not exactly one byte.
    case invalidDTMFLength(Int)
    /// A DTMF byte outside ASCII.
    case invalidDTMFByte(UInt8)
    /// An error message with more than the 1-byte code.
    case invalidErrorLength(Int)
    /// A declared payload above the decoder's hard cap.
    case payloadTooLarge(kind: UInt8, length: Int, limit: Int)

    public var description: String {
        switch self {
        case .unknownKind(let kind): "unknown AudioSocket kind 0x\(hex(kind))"
        case .zeroLengthAudio(let kind): "audio message (kind 0x\(hex(kind))) with length 0"
        case .oddLengthAudio(let kind, let length): "audio message (kind 0x\(hex(kind))) with odd length \(length)"
        case .invalidUUIDLength(let length): "UUID message with length \(length), expected 16"
        case .invalidDTMFLength(let length): "DTMF message with length \(length), expected 1"
        case .invalidDTMFByte(let byte): "DTMF byte 0x\(hex(byte)) is not ASCII"
        case .invalidErrorLength(let length): "error message with length \(length), expected 0 or 1"
        case .payloadTooLarge(let kind, let length, let limit):
            "message kind 0x\(hex(kind)) declares \(length) bytes, over the \(limit)-byte limit"
        }
    }
}

private func hex(_ byte: UInt8) -> String {
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
}
