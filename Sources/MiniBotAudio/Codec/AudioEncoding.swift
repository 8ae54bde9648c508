/// How samples are stored as bytes: the three encodings a PBX accepts for prompts and
/// streams (WAV files, AudioSocket/RTP payloads, raw `.sln`/`.ulaw`/`.alaw` sound files).
///
/// `rawValue` is the name used on the command line and in configuration files.
/// ```swift
/// let encoding = AudioEncoding(rawValue: "ulaw")!          // from `--encoding ulaw`
/// let bytes = encoding.encode(samples)                     // 1 byte per sample
/// let again = encoding.decode(bytes)
/// ```
public enum AudioEncoding: String, Sendable, CaseIterable {
    /// Signed 16-bit linear, little-endian ("slin").
    case pcm16
    /// G.711 µ-law, 8 bits.
    case ulaw
    /// G.711 A-law, 8 bits.
    case alaw

    /// Bytes one sample takes in this encoding.
    public var bytesPerSample: Int { self == .pcm16 ? 2 : 1 }

    /// The samples as bytes in this encoding.
    public func encode(_ samples: [Int16]) -> [UInt8] {
        switch self {
        case .pcm16: PCM16.littleEndianBytes(samples)
        case .ulaw: G711.ulawEncode(samples)
        case .alaw: G711.alawEncode(samples)
        }
    }

    /// The samples stored in `bytes`; for PCM16 a trailing odd byte is ignored.
    public func decode(_ bytes: [UInt8]) -> [Int16] {
        switch self {
        case .pcm16: PCM16.samples(littleEndian: bytes)
        case .ulaw: G711.ulawDecode(bytes)
        case .alaw: G711.alawDecode(bytes)
        }
    }
}
