import Foundation
import Testing
@testable import MiniBotAudio

/// Writer → reader round trips for every encoding and channel count.
@Suite struct WAVRoundTripTests {
    static let cases: [(AudioEncoding, Int)] = AudioEncoding.allCases.flatMap { encoding in [1, 2].map { (encoding, $0) } }

    func signal(channels: Int) -> AudioBuffer {
        let frames = 101  // odd, so 8-bit mono data needs a pad byte
        let samples = (0..<(frames * channels)).map { index in
            Int16(truncatingIfNeeded: (index * 7_919) % 65_536 - 32_768)
        }
        return AudioBuffer(sampleRate: channels == 1 ? 8_000 : 22_050, channels: channels, samples: samples)
    }

    @Test(arguments: cases)
    func roundTripsInMemory(encoding: AudioEncoding, channels: Int) throws {
        let golden = try SignalFixtures.golden()
        let original = signal(channels: channels)
        let bytes = WAV.encode(original, as: encoding)
        #expect(bytes.count % 2 == 0)
        #expect(Array(bytes[4..<8]) == WAVBytes.le32(UInt32(bytes.count - 8)))
        let (buffer, format) = try WAV.decode(bytes, name: "roundtrip.wav")
        #expect(format == WAVFormat(encoding: encoding, sampleRate: original.sampleRate, channels: channels))
        let expected: [Int16] = switch encoding {
        case .pcm16: original.samples
        case .ulaw: original.samples.map(golden.ulawRoundTrip)
        case .alaw: original.samples.map(golden.alawRoundTrip)
        }
        #expect(buffer == AudioBuffer(sampleRate: original.sampleRate, channels: channels, samples: expected))
    }

    @Test func pcm16HeaderIsTheCanonical44Bytes() {
        let bytes = WAV.encode(AudioBuffer(sampleRate: 8_000, channels: 1, samples: [1, -1]), as: .pcm16)
        var file = WAVBytes()
        file.fmt(tag: 1, channels: 1, rate: 8_000, bits: 16)
        file.chunk("data", [1, 0, 0xFF, 0xFF])
        #expect(bytes == file.bytes)
        #expect(bytes.count == 48)
    }

    @Test func companded8kMonoHeaderHasFactChunk() {
        let bytes = WAV.encode(AudioBuffer(sampleRate: 8_000, channels: 1, samples: [0, 0, 0]), as: .ulaw)
        var file = WAVBytes()
        file.chunk("fmt ", WAVBytes.le16(7) + WAVBytes.le16(1) + WAVBytes.le32(8_000) + WAVBytes.le32(8_000) + WAVBytes.le16(1) + WAVBytes.le16(8) + WAVBytes.le16(0))
        file.chunk("fact", WAVBytes.le32(3))
        file.chunk("data", [0xFF, 0xFF, 0xFF])
        #expect(bytes == file.bytes)
    }

    @Test func partialTrailingFrameIsNotWritten() throws {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 2, samples: [1, 2, 3])
        let decoded = try WAV.decode(WAV.encode(buffer, as: .pcm16), name: "x.wav").buffer
        #expect(decoded.samples == [1, 2])
    }

    @Test(arguments: AudioEncoding.allCases)
    func roundTripsThroughAFile(encoding: AudioEncoding) throws {
        let path = NSTemporaryDirectory() + "minibot-signal-\(encoding.rawValue)-\(UUID().uuidString).wav"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let original = AudioBuffer.interleave(
            left: TestSignal.sine(frequency: 440, rate: 8_000, count: 800),
            right: TestSignal.sine(frequency: 700, rate: 8_000, count: 640), sampleRate: 8_000)
        try WAV.write(original, as: encoding, to: path)
        let (buffer, format) = try WAV.read(path: path)
        #expect(format == WAVFormat(encoding: encoding, sampleRate: 8_000, channels: 2))
        #expect(buffer.frameCount == 800)
        let reencoded = try WAV.decode(WAV.encode(original, as: encoding), name: path).buffer
        #expect(buffer == reencoded)
    }
}
