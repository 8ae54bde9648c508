import Foundation
import MiniBotAudio
@testable import MiniBotAudioTools
import Testing

/// `minibot recordings compress|cleanup`'s file half, with the real ffmpeg.
@Suite("Recording maintenance (ages, scan, ffmpeg compression)")
struct RecordingMaintenanceTests {
    static let ffmpeg = ExternalTool.locate("ffmpeg")

    /// A folder with a 2 s stereo 8 kHz call recording (a tone on the caller side) dated `daysAgo`.
    private func folder(_ files: [(name: String, daysAgo: Double)]) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var samples: [Int16] = []
        for i in 0..<16_000 {
            let t = Double(i) * 2 * Double.pi / 8_000
            samples.append(Int16(8_000 * sin(t * 440)))
            samples.append(Int16(4_000 * sin(t * 300)))
        }
        let wav = WAV.encode(AudioBuffer(sampleRate: 8_000, channels: 2, samples: samples), as: .pcm16)
        for file in files {
            let path = directory + "/" + file.name
            FileManager.default.createFile(atPath: path, contents: Data(wav))
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-file.daysAgo * 86_400)],
                                                  ofItemAtPath: path)
        }
        return directory
    }

    @Test(arguments: [("7d", 604_800.0), ("90d", 7_776_000), ("12h", 43_200), ("2w", 1_209_600), ("30min", 1_800),
                      ("45s", 45), ("3", 259_200), (" 1.5d ", 129_600)])
    func agesParse(text: String, seconds: Double) throws {
        #expect(try RecordingAge.parse(text) == seconds)
    }

    @Test(arguments: ["", "d", "-3d", "7 days", "soon", "7y"])
    func badAgesAreRefused(text: String) {
        #expect(throws: AudioToolError.self) { _ = try RecordingAge.parse(text) }
    }

    @Test func scanKeepsOldRecordingsOfTheChosenKinds() throws {
        let directory = try folder([("old.wav", 10), ("new.wav", 1), ("old.json", 10), ("older.mp3", 100), ("notes.md", 100)])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let old = try RecordingMaintenance.scan(directory: directory, olderThan: 7 * 86_400, now: Date())
        #expect(old.map(\.name) == ["old.wav", "older.mp3"])
        #expect(old.allSatisfy { $0.bytes > 60_000 })
        let wavOnly = try RecordingMaintenance.scan(directory: directory, olderThan: 7 * 86_400, now: Date(), extensions: ["wav"])
        #expect(wavOnly.map(\.name) == ["old.wav"])
        #expect(throws: AudioToolError.self) {
            _ = try RecordingMaintenance.scan(directory: directory + "/missing", olderThan: 0, now: Date())
        }
    }

    @Test(.enabled(if: ffmpeg != nil, "ffmpeg is not installed (apt-get install ffmpeg)"), arguments: RecordingFormat.allCases)
    func compressKeepsTheAudioAndTheDate(format: RecordingFormat) throws {
        let ffmpeg = try #require(Self.ffmpeg)
        let directory = try folder([("call.wav", 10)])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let original = try #require(try RecordingMaintenance.scan(directory: directory, olderThan: 86_400, now: Date()).first)
        let compressed = try RecordingMaintenance.compress(original, to: format, ffmpeg: ffmpeg)
        #expect(compressed.path == directory + "/call." + format.rawValue)
        #expect(compressed.bytes > 0 && compressed.bytes * 4 < original.bytes, "\(compressed.bytes) vs \(original.bytes)")
        #expect(FileManager.default.fileExists(atPath: original.path), "the original is the command's to delete")
        #expect(!FileManager.default.fileExists(atPath: compressed.path + ".part"))
        let modified = try FileManager.default.attributesOfItem(atPath: compressed.path)[.modificationDate] as? Date
        #expect(abs((modified ?? .distantPast).timeIntervalSince(original.modified)) < 1)
        // It decodes back to about two seconds of audio, with the caller's tone still there.
        let decoded = try AudioLoader(ffmpegPath: ffmpeg).load(path: compressed.path).buffer
        let seconds = Double(decoded.samples.count / decoded.channels) / Double(decoded.sampleRate)
        #expect(abs(seconds - 2) < 0.15, "decoded \(seconds) s")
        #expect((decoded.samples.map { abs(Int($0)) }.max() ?? 0) > 2_000)
    }

    @Test(.enabled(if: ffmpeg != nil, "ffmpeg is not installed (apt-get install ffmpeg)"))
    func aBrokenFileIsAClearErrorAndLeavesNoPart() throws {
        let ffmpeg = try #require(Self.ffmpeg)
        let directory = try folder([])
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/broken.wav"
        FileManager.default.createFile(atPath: path, contents: Data("RIFF not really".utf8))
        let file = RecordingFile(path: path, bytes: 15, modified: Date())
        let error = #expect(throws: AudioToolError.self) { _ = try RecordingMaintenance.compress(file, to: .opus, ffmpeg: ffmpeg) }
        #expect(error?.description.contains("ffmpeg could not convert") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["broken.wav"])
    }
}
