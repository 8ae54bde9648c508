/// The bytes of a mono PCM16 little-endian WAV file, built here (44-byte header + samples) so
/// uploads to HTTP engines don't depend on the audio target's file writer.
///
/// ```swift
/// let bytes = PCM16WAV.bytes(samples: frame, sampleRate: 8_000) // 44 + 2 * frame.count bytes
/// ```
enum PCM16WAV {
    static func bytes(samples: [Int16], sampleRate: Int) -> [UInt8] {
        let dataSize = UInt32(clamping: samples.count * 2)
        var out: [UInt8] = []
        out.reserveCapacity(44 + samples.count * 2)
        func u32(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8)); u32(36 &+ dataSize)
        out.append(contentsOf: Array("WAVE".utf8))
        out.append(contentsOf: Array("fmt ".utf8)); u32(16)
        u16(1)  // PCM
        u16(1)  // mono
        u32(UInt32(clamping: sampleRate))
        u32(UInt32(clamping: sampleRate * 2))  // byte rate
        u16(2)  // block align
        u16(16) // bits per sample
        out.append(contentsOf: Array("data".utf8)); u32(dataSize)
        for sample in samples { withUnsafeBytes(of: sample.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }
}
