/// The 44-byte canonical header of a PCM16 WAV, written before the sizes are known and
/// patched when the file is closed (streamed recordings, espeak-ng's `--stdout`).
///
/// ```swift
/// var bytes = StereoWAVHeader.bytes(sampleRate: 8_000, channels: 2, dataBytes: 0)
/// StereoWAVHeader.patchSizes(&bytes)    // RIFF and data sizes from the byte count
/// ```
enum StereoWAVHeader {
    static let size = 44

    static func bytes(sampleRate: Int, channels: Int, dataBytes: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { out += $0 } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { out += $0 } }
        out += Array("RIFF".utf8)
        append32(36 + dataBytes)
        out += Array("WAVEfmt ".utf8)
        append32(16)
        append16(1)
        append16(channels)
        append32(sampleRate)
        append32(sampleRate * channels * 2)
        append16(channels * 2)
        append16(16)
        out += Array("data".utf8)
        append32(dataBytes)
        return out
    }

    /// Little-endian 32-bit size fields for the RIFF chunk and the `data` chunk.
    static func sizeFields(totalBytes: Int) -> (riff: [UInt8], data: [UInt8]) {
        func le(_ value: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(truncatingIfNeeded: max(0, value)).littleEndian) { Array($0) } }
        return (le(totalBytes - 8), le(totalBytes - size))
    }

    /// Rewrites the RIFF size and the `data` chunk size of an in-memory WAV to match its length.
    static func patchSizes(_ bytes: inout [UInt8]) {
        guard bytes.count >= 12 else { return }
        func put(_ value: Int, at offset: Int) {
            let raw = withUnsafeBytes(of: UInt32(truncatingIfNeeded: max(0, value)).littleEndian) { Array($0) }
            for index in 0..<4 { bytes[offset + index] = raw[index] }
        }
        put(bytes.count - 8, at: 4)
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let length = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            if id == "data" {
                put(bytes.count - offset - 8, at: offset + 4)
                return
            }
            offset += 8 + length + (length & 1)
        }
    }
}
