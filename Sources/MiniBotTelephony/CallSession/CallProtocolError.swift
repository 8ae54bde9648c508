import struct Foundation.UUID

/// How a PBX peer broke its media protocol, ending the call with
/// ``CallEndReason/protocolError(_:)``. One case per rule, so a test or a metric can tell a
/// malformed frame from a message out of order without reading the log line; the description
/// is that log line.
/// ```swift
/// CallProtocolError.kindBeforeUUID(kind: 0x10).description
/// // "kind 0x10 received before the call UUID"
/// CallProtocolError.malformedFrame(.oddLengthAudio(kind: 0x10, length: 3)).description
/// // "audio message (kind 0x10) with odd length 3"
/// ```
public enum CallProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Audio or DTMF (this message kind) arrived before the UUID that identifies the call.
    case kindBeforeUUID(kind: UInt8)
    /// A UUID message on a call that already has one.
    case secondUUID(UUID)
    /// The byte stream is not valid AudioSocket.
    case malformedFrame(AudioSocketDecodingError)
    /// The peer connected but sent no UUID within `timeout`.
    case noUUID(timeout: Duration)
    /// The connection failed with an error that is not about the protocol's rules (a socket or
    /// channel error other than a reset by the peer): its description.
    case connectionFailed(String)

    public var description: String {
        switch self {
        case .kindBeforeUUID(let kind): "kind 0x\(String(kind, radix: 16)) received before the call UUID"
        case .secondUUID(let id): "second UUID \(id) on an identified call"
        case .malformedFrame(let error): error.description
        case .noUUID(let timeout): "no UUID received within \(timeout)"
        case .connectionFailed(let reason): "connection failed: \(reason)"
        }
    }
}

