import NIOCore

/// Turns mod_audio_stream's binary WebSocket frames (signed 16-bit little-endian PCM, any size,
/// possibly splitting a sample across frames) into fixed 20 ms frames.
///
/// Pure and per-call: bytes in, whole frames out; the remainder waits for the next message.
/// ```swift
/// var chunker = AudioStreamRechunker(samplesPerFrame: 160)
/// chunker.append(bytes: first300Bytes)   // [] (150 samples so far)
/// chunker.append(bytes: next300Bytes)    // [[160 samples]] (140 left over)
/// ```
public struct AudioStreamRechunker: Sendable {
    public let samplesPerFrame: Int
    private var pending: [Int16] = []
    private var oddByte: UInt8?

    public init(samplesPerFrame: Int = 160) {
        self.samplesPerFrame = max(1, samplesPerFrame)
        pending.reserveCapacity(self.samplesPerFrame * 2)
    }

    /// Samples held back until a frame is complete.
    public var pendingSampleCount: Int { pending.count }

    public mutating func append(_ buffer: ByteBuffer) -> [[Int16]] {
        buffer.withUnsafeReadableBytes { append(raw: $0) }
    }

    public mutating func append<Bytes: Collection>(bytes: Bytes) -> [[Int16]] where Bytes.Element == UInt8 {
        if let frames = bytes.withContiguousStorageIfAvailable({ append(raw: UnsafeRawBufferPointer($0)) }) {
            return frames
        }
        return Array(bytes).withUnsafeBytes { append(raw: $0) }
    }

    /// Non-generic core: little-endian pairs straight into frame-sized arrays.
    private mutating func append(raw: UnsafeRawBufferPointer) -> [[Int16]] {
        var index = 0
        let count = raw.count
        if let low = oddByte, count > 0 {
            pending.append(Int16(bitPattern: UInt16(low) | UInt16(raw[0]) << 8))
            oddByte = nil
            index = 1
        }
        var frames: [[Int16]] = []
        // Top up a partial frame first.
        while !pending.isEmpty, pending.count < samplesPerFrame, index + 1 < count {
            pending.append(Int16(bitPattern: UInt16(raw[index]) | UInt16(raw[index + 1]) << 8))
            index += 2
        }
        if pending.count == samplesPerFrame {
            frames.append(pending)
            pending.removeAll(keepingCapacity: true)
        }
        // Whole frames straight from the bytes.
        let frameBytes = samplesPerFrame * 2
        while count - index >= frameBytes {
            let start = index
            frames.append([Int16](unsafeUninitializedCapacity: samplesPerFrame) { out, initialized in
                for j in 0..<samplesPerFrame {
                    let b = start + 2 * j
                    out[j] = Int16(bitPattern: UInt16(raw[b]) | UInt16(raw[b + 1]) << 8)
                }
                initialized = samplesPerFrame
            })
            index += frameBytes
        }
        // Remainder waits.
        while index + 1 < count {
            pending.append(Int16(bitPattern: UInt16(raw[index]) | UInt16(raw[index + 1]) << 8))
            index += 2
        }
        if index < count { oddByte = raw[index] }
        return frames
    }
}
