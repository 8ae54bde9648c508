import Foundation
import Testing
@testable import MiniBotAudio

/// Every way a WAV file can be refused, each naming the file and the reason.
@Suite struct WAVErrorTests {
    func decodeError(_ bytes: [UInt8], name: String = "prompts/accueil.wav") -> WAVError? {
        #expect(throws: WAVError.self) { try WAV.decode(bytes, name: name) }
    }

    func expect(_ error: WAVError?, file: String = "prompts/accueil.wav", mentions words: String...) {
        #expect(error?.file == file)
        #expect(error?.description.hasPrefix(file + ": ") == true)
        for word in words {
            #expect(error?.reason.contains(word) == true, "\(error?.reason ?? "no error") lacks \(word)")
        }
    }

    @Test func notRIFF() {
        expect(decodeError(Array("OggS\0\u{2}\0\0\0\0\0\0".utf8)), mentions: "not a RIFF file", "'OggS'")
        expect(decodeError([0x49, 0x44, 0x33, 0x03, 0, 0, 0, 0, 0, 0, 0, 0]), mentions: "bytes 49 44 33 03")
    }

    @Test func riffButNotWave() {
        var file = WAVBytes()
        file.formType = "AVI "
        expect(decodeError(file.bytes), mentions: "not a WAVE file", "'AVI '")
    }

    @Test(arguments: [0, 3, 8, 11])
    func truncatedHeader(length: Int) {
        let header = Array("RIFF\u{24}\0\0\0WAVE".utf8)
        expect(decodeError(Array(header.prefix(length))), mentions: "truncated header", "\(length) bytes")
    }

    @Test func truncatedFmtChunk() {
        var file = WAVBytes()
        file.chunk("fmt ", [1, 0, 1, 0, 0x40, 0x1F], declaredSize: 16, pad: false)
        expect(decodeError(file.bytes), mentions: "truncated fmt chunk", "6 bytes")
    }

    @Test func shortFmtChunk() {
        var file = WAVBytes()
        file.chunk("fmt ", [1, 0, 1, 0, 0x40, 0x1F, 0, 0])
        file.chunk("data", [0, 0])
        expect(decodeError(file.bytes), mentions: "truncated fmt chunk", "8 bytes")
    }

    @Test func truncatedExtensibleFmt() {
        var file = WAVBytes()
        file.chunk("fmt ", WAVBytes.le16(0xFFFE) + WAVBytes.le16(1) + WAVBytes.le32(8_000) + WAVBytes.le32(16_000) + WAVBytes.le16(2) + WAVBytes.le16(16))
        file.chunk("data", [0, 0])
        expect(decodeError(file.bytes), mentions: "WAVE_FORMAT_EXTENSIBLE")
    }

    @Test func missingFmt() {
        var file = WAVBytes()
        file.chunk("data", [0, 0, 0, 0])
        expect(decodeError(file.bytes), mentions: "missing fmt chunk")
    }

    @Test func missingData() {
        var file = WAVBytes()
        file.fmt(tag: 1, channels: 1, rate: 8_000, bits: 16)
        file.chunk("LIST", [0, 0, 0, 0])
        expect(decodeError(file.bytes), mentions: "missing data chunk")
    }

    @Test func missingBoth() {
        expect(decodeError(WAVBytes().bytes), mentions: "missing fmt and data chunks")
    }

    @Test(arguments: [
        (UInt16(3), UInt16(32), "IEEE float 32-bit"),
        (UInt16(1), UInt16(24), "24-bit PCM"),
        (UInt16(1), UInt16(8), "8-bit PCM"),
        (UInt16(0x55), UInt16(0), "MPEG audio (format 0x0055)"),
        (UInt16(0x11), UInt16(4), "IMA ADPCM"),
    ])
    func unsupportedEncoding(tag: UInt16, bits: UInt16, expected: String) {
        var file = WAVBytes()
        file.fmt(tag: tag, channels: 1, rate: 8_000, bits: bits)
        file.chunk("data", [0, 0, 0, 0, 0, 0])
        expect(decodeError(file.bytes), mentions: "unsupported encoding", expected)
    }

    @Test func unsupportedExtensibleSubformat() {
        var file = WAVBytes()
        file.extensibleFmt(subformat: 3, channels: 2, rate: 48_000, bits: 32)
        file.chunk("data", [])
        expect(decodeError(file.bytes), mentions: "unsupported encoding", "IEEE float 32-bit")
    }

    @Test func zeroChannels() {
        var file = WAVBytes()
        file.fmt(tag: 1, channels: 0, rate: 8_000, bits: 16)
        file.chunk("data", [0, 0])
        expect(decodeError(file.bytes), mentions: "zero channels")
    }

    @Test func zeroSampleRate() {
        var file = WAVBytes()
        file.fmt(tag: 7, channels: 1, rate: 0, bits: 8)
        file.chunk("data", [0, 0])
        expect(decodeError(file.bytes), mentions: "zero sample rate")
    }

    @Test func readingAMissingFileNamesIt() {
        let path = NSTemporaryDirectory() + "minibot-no-such-\(UInt64.random(in: 0...UInt64.max)).wav"
        let error = #expect(throws: WAVError.self) { try WAV.read(path: path) }
        expect(error, file: path, mentions: "no such file")
    }

    @Test func writingIntoAMissingFolderNamesIt() {
        let path = NSTemporaryDirectory() + "minibot-no-such-dir-\(UInt64.random(in: 0...UInt64.max))/out.wav"
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 1, samples: [1, 2, 3])
        let error = #expect(throws: WAVError.self) { try WAV.write(buffer, as: .ulaw, to: path) }
        expect(error, file: path, mentions: "cannot write")
    }

    @Test func writingAnEmptyFormatIsRefused() {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 0, samples: [])
        let error = #expect(throws: WAVError.self) { try WAV.write(buffer, as: .pcm16, to: "/tmp/x.wav") }
        expect(error, file: "/tmp/x.wav", mentions: "0 channel")
    }
}
