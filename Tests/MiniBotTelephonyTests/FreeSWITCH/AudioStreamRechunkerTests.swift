import MiniBotTelephony
import NIOCore
import Testing

@Suite("Audio stream re-chunking")
struct AudioStreamRechunkerTests {
    /// 3.5 frames of distinct samples, little-endian bytes written by hand.
    let samples: [Int16] = (0..<560).map { Int16(truncatingIfNeeded: $0 * 97 - 20_000) }
    var bytes: [UInt8] { littleEndianBytes(samples) }

    @Test func wholeFramesOutRemainderKept() {
        var chunker = AudioStreamRechunker(samplesPerFrame: 160)
        let frames = chunker.append(bytes: bytes)
        #expect(frames.count == 3)
        #expect(frames.flatMap { $0 } == Array(samples[..<480]))
        #expect(chunker.pendingSampleCount == 80)
    }

    @Test func splitAtEveryBytePositionIncludingMidSample() {
        let all = bytes
        for split in 1..<all.count {
            var chunker = AudioStreamRechunker(samplesPerFrame: 160)
            let frames = chunker.append(bytes: all[..<split]) + chunker.append(ByteBuffer(bytes: all[split...]))
            #expect(frames.flatMap { $0 } == Array(samples[..<480]), "split at \(split)")
        }
    }

    @Test func oneByteAtATime() {
        var chunker = AudioStreamRechunker(samplesPerFrame: 160)
        var frames: [[Int16]] = []
        for byte in bytes { frames += chunker.append(bytes: [byte]) }
        #expect(frames.count == 3)
        #expect(frames.allSatisfy { $0.count == 160 })
        #expect(frames[2] == Array(samples[320..<480]))
    }
}
