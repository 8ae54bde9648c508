/// Signed 16-bit little-endian PCM ("slin") to and from bytes: the payload format of
/// AudioSocket `0x10` frames, mod_audio_stream's L16 and `.sln` sound files.
/// ```swift
/// let samples = PCM16.samples(littleEndian: payload)   // 320 bytes -> 160 samples
/// let payload2 = PCM16.littleEndianBytes(samples)
/// ```
public enum PCM16 {
    /// Samples of little-endian byte pairs; a trailing odd byte is ignored.
    public static func samples(littleEndian bytes: [UInt8]) -> [Int16] {
        samples(littleEndian: bytes[...])
    }

    /// Samples of little-endian byte pairs in a slice (e.g. the data chunk of a file).
    public static func samples(littleEndian bytes: ArraySlice<UInt8>) -> [Int16] {
        let count = bytes.count / 2
        return [Int16](unsafeUninitializedCapacity: count) { output, initialized in
            bytes.withUnsafeBufferPointer { input in
                for index in 0..<count {
                    let low = UInt16(input[2 &* index])
                    let high = UInt16(input[2 &* index &+ 1])
                    output[index] = Int16(bitPattern: low | high << 8)
                }
            }
            initialized = count
        }
    }

    /// Little-endian bytes of the samples, two per sample.
    public static func littleEndianBytes(_ samples: [Int16]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: samples.count * 2) { output, initialized in
            samples.withUnsafeBufferPointer { input in
                for index in input.indices {
                    let value = UInt16(bitPattern: input[index])
                    output[2 &* index] = UInt8(truncatingIfNeeded: value)
                    output[2 &* index &+ 1] = UInt8(truncatingIfNeeded: value >> 8)
                }
            }
            initialized = samples.count * 2
        }
    }
}
