import struct Foundation.UUID
import NIOCore

/// One message of Asterisk's AudioSocket protocol (`kind:u8, length:u16 BE, payload`).
///
/// The enum is the typed edge of the protocol: the decoder turns bytes into these values
/// (or a precise ``AudioSocketDecodingError``), so nothing above it ever re-checks raw bytes.
/// Audio payloads stay as the wire's little-endian bytes (`ByteBuffer`, zero-copy) until a
/// caller asks for ``samples``.
///
/// ```swift
/// let frame = AudioSocketMessage.audio(samples: [Int16](repeating: 0, count: 160))
/// let bytes = frame.encodedBytes()   // [0x10, 0x01, 0x40, 0, 0, …] — 323 bytes
/// ```
public enum AudioSocketMessage: Sendable, Hashable {
    /// `0x00`: end of the call (Asterisk also accepts a closed socket).
    case hangup
    /// `0x01`: the call's UUID, always the first message Asterisk sends.
    case uuid(UUID)
    /// `0x03`: one DTMF digit as a single ASCII byte.
    case dtmf(Character)
    /// `0x10`–`0x18`: signed 16-bit little-endian mono PCM at `rate`.
    case audio(rate: AudioSocketSampleRate, payload: ByteBuffer)
    /// `0xff`: an error; Asterisk sends a 1-byte bit-packed code (`0x01` caller hung up,
    /// `0x02` frame forwarding, `0x04` memory), the payload may also be empty.
    case error(code: UInt8?)

    /// Builds an audio message from samples, encoding them little-endian.
    public static func audio(samples: [Int16], rate: AudioSocketSampleRate = .hz8000) -> AudioSocketMessage {
        var buffer = ByteBufferAllocator().buffer(capacity: samples.count * 2)
        buffer.writeLittleEndianSamples(samples)
        return .audio(rate: rate, payload: buffer)
    }

    /// The wire kind byte of this message.
    public var kind: UInt8 {
        switch self {
        case .hangup: AudioSocketKind.hangup
        case .uuid: AudioSocketKind.uuid
        case .dtmf: AudioSocketKind.dtmf
        case .audio(let rate, _): rate.kind
        case .error: AudioSocketKind.error
        }
    }

    /// Decoded samples of an audio message, `nil` for other kinds.
    public var samples: [Int16]? {
        guard case .audio(_, let payload) = self else { return nil }
        return payload.readableLittleEndianSamples()
    }
}

/// Kind bytes of the protocol, named once (see Asterisk's `res_audiosocket.h`).
public enum AudioSocketKind {
    public static let hangup: UInt8 = 0x00
    public static let uuid: UInt8 = 0x01
    public static let dtmf: UInt8 = 0x03
    public static let audio8k: UInt8 = 0x10
    public static let error: UInt8 = 0xff
}

/// Sample rates of the audio kinds: `0x10` is the classic 8 kHz slin; `0x11`–`0x18` were added
/// by recent Asterisk for wide-band slin.
///
/// ```swift
/// AudioSocketSampleRate(kind: 0x11)?.hertz   // 12_000
/// ```
public enum AudioSocketSampleRate: UInt8, Sendable, Hashable, CaseIterable {
    case hz8000 = 0x10
    case hz12000 = 0x11
    case hz16000 = 0x12
    case hz24000 = 0x13
    case hz32000 = 0x14
    case hz44100 = 0x15
    case hz48000 = 0x16
    case hz96000 = 0x17
    case hz192000 = 0x18

    public init?(kind: UInt8) { self.init(rawValue: kind) }

    public var kind: UInt8 { rawValue }

    public var hertz: Int {
        switch self {
        case .hz8000: 8_000
        case .hz12000: 12_000
        case .hz16000: 16_000
        case .hz24000: 24_000
        case .hz32000: 32_000
        case .hz44100: 44_100
        case .hz48000: 48_000
        case .hz96000: 96_000
        case .hz192000: 192_000
        }
    }
}

extension ByteBuffer {
    /// Appends samples as 16-bit little-endian PCM (the AudioSocket audio payload).
    mutating func writeLittleEndianSamples(_ samples: [Int16]) {
        samples.withUnsafeBufferPointer { pointer in
            #if _endian(little)
            _ = writeBytes(UnsafeRawBufferPointer(pointer))
            #else
            for sample in pointer { writeInteger(sample, endianness: .little) }
            #endif
        }
    }

    /// The readable bytes read as 16-bit little-endian samples (a trailing odd byte is ignored).
    func readableLittleEndianSamples() -> [Int16] {
        let count = readableBytes / 2
        return withUnsafeReadableBytes { raw in
            [Int16](unsafeUninitializedCapacity: count) { output, initialized in
                for index in 0..<count {
                    let low = UInt16(raw[2 * index])
                    let high = UInt16(raw[2 * index + 1])
                    output[index] = Int16(bitPattern: low | (high << 8))
                }
                initialized = count
            }
        }
    }
}
