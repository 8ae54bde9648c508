import Testing
@testable import MiniBotAudio

/// Reader tolerance: extensible formats, unknown and odd-sized chunks, streamed sizes.
@Suite struct WAVChunkTests {
    let samples: [Int16] = [0, 1_000, -1_000, 32_767, -32_768, 7]

    @Test func readsExtensiblePCM16Stereo() throws {
        var file = WAVBytes()
        file.extensibleFmt(subformat: 1, channels: 2, rate: 44_100, bits: 16)
        file.chunk("data", WAVBytes.pcm16(samples))
        let (buffer, format) = try WAV.decode(file.bytes, name: "ext.wav")
        #expect(format == WAVFormat(encoding: .pcm16, sampleRate: 44_100, channels: 2))
        #expect(buffer.samples == samples)
        #expect(buffer.frameCount == 3)
    }

    @Test(arguments: [(UInt16(7), AudioEncoding.ulaw), (UInt16(6), AudioEncoding.alaw)])
    func readsExtensibleCompanded(subformat: UInt16, encoding: AudioEncoding) throws {
        let golden = try SignalFixtures.golden()
        let codes: [UInt8] = [0x00, 0x7F, 0x80, 0xD5, 0xFF]
        var file = WAVBytes()
        file.extensibleFmt(subformat: subformat, channels: 1, rate: 8_000, bits: 8)
        file.chunk("data", codes)
        let (buffer, format) = try WAV.decode(file.bytes, name: "ext.wav")
        #expect(format.encoding == encoding)
        let table = encoding == .ulaw ? golden.ulawDecode : golden.alawDecode
        #expect(buffer.samples == codes.map { table[Int($0)] })
    }

    @Test func skipsUnknownAndOddSizedChunks() throws {
        var file = WAVBytes()
        file.chunk("LIST", Array("INFOISFT".utf8) + [3, 0, 0, 0, 0x41, 0x42, 0x43])  // 15 bytes + pad
        file.fmt(tag: 7, channels: 1, rate: 8_000, bits: 8)
        file.chunk("fact", WAVBytes.le32(3))
        file.chunk("junk", [1, 2, 3])                                                 // odd, padded
        file.chunk("data", [0xFF, 0x80, 0x00])                                       // odd data, padded
        file.chunk("cue ", [0, 0, 0, 0])
        let (buffer, format) = try WAV.decode(file.bytes, name: "chunks.wav")
        #expect(format == WAVFormat(encoding: .ulaw, sampleRate: 8_000, channels: 1))
        #expect(buffer.samples.count == 3)
        #expect(buffer.samples[0] == 0)
    }

    @Test func acceptsDataBeforeFmt() throws {
        var file = WAVBytes()
        file.chunk("data", WAVBytes.pcm16(samples))
        file.fmt(tag: 1, channels: 1, rate: 8_000, bits: 16)
        #expect(try WAV.decode(file.bytes, name: "late-fmt.wav").buffer.samples == samples)
    }

    @Test func clampsOversizedDataToTheBytesPresent() throws {
        var file = WAVBytes()
        file.fmt(tag: 1, channels: 1, rate: 8_000, bits: 16)
        file.chunk("data", WAVBytes.pcm16(samples), declaredSize: 1_000_000)
        file.riffSize = 0xFFFF_FFFF
        #expect(try WAV.decode(file.bytes, name: "long.wav").buffer.samples == samples)
    }

    @Test func clampsStreamedDataSize() throws {
        var file = WAVBytes()
        file.fmt(tag: 6, channels: 1, rate: 8_000, bits: 8)
        file.chunk("data", [0xD5, 0xD5, 0x55], declaredSize: 0xFFFF_FFFF, pad: false)
        file.riffSize = 0
        #expect(try WAV.decode(file.bytes, name: "pipe.wav").buffer.samples.count == 3)
    }

    @Test func dropsATrailingPartialFrame() throws {
        var file = WAVBytes()
        file.fmt(tag: 1, channels: 2, rate: 8_000, bits: 16)
        file.chunk("data", WAVBytes.pcm16([1, 2, 3]) + [9])     // 1.75 frames
        let buffer = try WAV.decode(file.bytes, name: "partial.wav").buffer
        #expect(buffer.samples == [1, 2])
    }

    @Test func emptyDataIsAnEmptyBuffer() throws {
        var file = WAVBytes()
        file.fmt(tag: 1, channels: 1, rate: 16_000, bits: 16)
        file.chunk("data", [])
        let (buffer, format) = try WAV.decode(file.bytes, name: "empty.wav")
        #expect(buffer.samples.isEmpty)
        #expect(format.sampleRate == 16_000)
    }

    @Test func acceptsRF64Header() throws {
        var file = WAVBytes()
        file.riffTag = "RF64"
        file.riffSize = 0xFFFF_FFFF
        file.chunk("ds64", [UInt8](repeating: 0, count: 28))
        file.fmt(tag: 1, channels: 1, rate: 8_000, bits: 16)
        file.chunk("data", WAVBytes.pcm16(samples), declaredSize: 0xFFFF_FFFF)
        #expect(try WAV.decode(file.bytes, name: "big.wav").buffer.samples == samples)
    }
}
