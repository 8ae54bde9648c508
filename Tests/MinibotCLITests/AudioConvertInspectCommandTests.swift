import Foundation
import MiniBotAudio
import Testing

@Suite struct AudioConvertInspectCommandTests {
    /// Every 16-bit value once, so the conversion is checked against the whole G.711 table.
    static let allSamples: [Int16] = (Int(Int16.min)...Int(Int16.max)).map { Int16($0) }

    static func dataChunk(_ path: String) throws -> [UInt8] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var offset = 12
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = Int(bytes[offset + 4]) | Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6]) << 16 | Int(bytes[offset + 7]) << 24
            if id == "data" { return Array(bytes[(offset + 8)..<min(bytes.count, offset + 8 + size)]) }
            offset += 8 + size + (size & 1)
        }
        Issue.record("no data chunk in \(path)")
        return []
    }

    @Test(arguments: [AudioEncoding.ulaw, .alaw])
    func convertToG711AndBackMatchesTheTables(encoding: AudioEncoding) throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        try WAV.write(AudioBuffer(sampleRate: 8_000, channels: 1, samples: Self.allSamples), as: .pcm16, to: dir.path("all.wav"))

        let toG711 = try Minibot.run(["audio", "convert", dir.path("all.wav"), dir.path("coded.wav"), "--codec", encoding.rawValue])
        #expect(toG711.status == 0, "\(toG711.stderr)")
        let codes = try Self.dataChunk(dir.path("coded.wav"))
        let expectedCodes = encoding == .ulaw ? G711.ulawEncode(Self.allSamples) : G711.alawEncode(Self.allSamples)
        #expect(codes == expectedCodes)

        let back = try Minibot.run(["audio", "convert", dir.path("coded.wav"), dir.path("back.wav"), "--codec", "pcm16"])
        #expect(back.status == 0, "\(back.stderr)")
        let decoded = try WAV.read(path: dir.path("back.wav")).buffer.samples
        let expectedSamples = encoding == .ulaw ? G711.ulawDecode(expectedCodes) : G711.alawDecode(expectedCodes)
        #expect(decoded == expectedSamples)
    }

    @Test func convertChangesRateAndChannelsWithoutLevelChange() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let sine = (0..<16_000).map { Int16(10_000 * sin(2 * Double.pi * 1_000 * Double($0) / 16_000)) }
        try WAV.write(AudioBuffer(sampleRate: 16_000, channels: 1, samples: sine), as: .pcm16, to: dir.path("in.wav"))
        let result = try Minibot.run(["audio", "convert", dir.path("in.wav"), dir.path("out.wav"), "--rate", "8000", "--channels", "2"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = try WAV.read(path: dir.path("out.wav"))
        #expect(out.format == WAVFormat(encoding: .pcm16, sampleRate: 8_000, channels: 2))
        #expect(abs(out.buffer.frameCount - 8_000) <= 1)
        #expect(abs(Loudness.peakDBFS(out.buffer.channel(0)) - Loudness.peakDBFS(sine)) < 0.2)
    }

    @Test func inspectPrintsJSONPerFileAndFailsOnBadFiles() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let half = (0..<4_000).map { Int16(16_384 * sin(2 * Double.pi * 500 * Double($0) / 8_000)) }
        try WAV.write(AudioBuffer(sampleRate: 8_000, channels: 1, samples: half), as: .alaw, to: dir.path("a.wav"))
        FileManager.default.createFile(atPath: dir.path("bad.wav"), contents: Data("RIFF\0\0\0\0WAVE".utf8))

        let good = try Minibot.run(["audio", "inspect", "--json", dir.path("a.wav")])
        #expect(good.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(good.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "alaw")
        #expect(object["sample_rate"] as? Int == 8_000)
        #expect(object["channels"] as? Int == 1)
        #expect(abs((object["duration_s"] as? Double ?? 0) - 0.5) < 0.001)
        #expect(abs((object["peak_dbfs"] as? Double ?? 0) - (-6.0)) < 0.3)
        #expect(abs((object["rms_dbfs"] as? Double ?? 0) - (-9.0)) < 0.3)

        let bad = try Minibot.run(["audio", "inspect", dir.path("a.wav"), dir.path("bad.wav")])
        #expect(bad.status != 0)
        #expect(bad.stdout.contains("8000 Hz"))
        #expect(bad.stderr.contains("bad.wav"))
    }
}
