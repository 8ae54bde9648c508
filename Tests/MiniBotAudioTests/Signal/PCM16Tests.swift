import Testing
@testable import MiniBotAudio

@Suite struct PCM16Tests {
    @Test func samplesAreLittleEndian() {
        #expect(PCM16.samples(littleEndian: [0x34, 0x12, 0xFE, 0xFF, 0x00, 0x80]) == [0x1234, -2, -32_768])
        #expect(PCM16.littleEndianBytes([0x1234, -2, 32_767]) == [0x34, 0x12, 0xFE, 0xFF, 0xFF, 0x7F])
    }

    @Test func trailingOddByteIsIgnored() {
        #expect(PCM16.samples(littleEndian: [0x01, 0x00, 0x07]) == [1])
        #expect(AudioEncoding.pcm16.decode([0x07]).isEmpty)
    }

    @Test(arguments: AudioEncoding.allCases)
    func encodingsRoundTripThroughBytes(_ encoding: AudioEncoding) throws {
        let golden = try SignalFixtures.golden()
        let samples: [Int16] = [0, 1, -1, 1_000, -1_000, 32_767, -32_768, 12_345]
        let bytes = encoding.encode(samples)
        #expect(bytes.count == samples.count * encoding.bytesPerSample)
        let expected: [Int16] = switch encoding {
        case .pcm16: samples
        case .ulaw: samples.map(golden.ulawRoundTrip)
        case .alaw: samples.map(golden.alawRoundTrip)
        }
        #expect(encoding.decode(bytes) == expected)
    }
}
