import Foundation
import MiniBotAudio
@testable import MiniBotAudioTools
import Testing

@Suite struct AudioPreparerPathTests {
    @Test(arguments: [
        ("voice/base/hello.mp3", AudioPreparer.OutputFormat.ulaw, 8_000, "voice/base/hello.wav"),
        ("voice/base/hello.wav", .alaw, 8_000, "voice/base/hello.wav"),
        ("a/b.flac", .slin, 8_000, "a/b.sln"),
        ("a/b.flac", .slin, 16_000, "a/b.sln16"),
    ])
    func outputMirrorsTheSourceTree(source: String, format: AudioPreparer.OutputFormat, rate: Int, expected: String) {
        #expect(AudioPreparer.outputPath(for: source, format: format, rate: rate) == expected)
    }

    @Test func backgroundFilesAreRecognisedByFolder() {
        #expect(AudioPreparer.isBackground("background/office.wav"))
        #expect(AudioPreparer.isBackground("julie/ambiance/cafe.mp3"))
        #expect(!AudioPreparer.isBackground("julie/base/background.wav"))
    }

    @Test func manifestHashChangesWithContent() {
        let a = PrepareManifest.hash([1, 2, 3])
        #expect(a == PrepareManifest.hash([1, 2, 3]))
        #expect(a != PrepareManifest.hash([1, 2, 4]))
        #expect(a != PrepareManifest.hash([1, 2, 3, 0]))
    }
}

@Suite struct AudioLoaderTests {
    @Test func missingFileAndUnknownExtensionAreNamed() {
        #expect(throws: AudioToolError.decodeFailed(file: "/nonexistent/x.wav", reason: "file not found or not readable")) {
            try AudioLoader().load(path: "/nonexistent/x.wav")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-\(UUID().uuidString).txt")
        FileManager.default.createFile(atPath: url.path, contents: Data("hello".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: AudioToolError.unsupportedExtension(file: url.path)) { try AudioLoader().load(path: url.path) }
    }

    @Test func withoutFFmpegAnMP3IsAClearError() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-\(UUID().uuidString).mp3")
        FileManager.default.createFile(atPath: url.path, contents: Data([0xFF, 0xFB, 0x90, 0x00]))
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: AudioToolError.self) { try AudioLoader(ffmpegPath: nil).load(path: url.path) }
        #expect(error == .ffmpegMissing(file: url.path))
        #expect(error?.description.contains("apt-get install ffmpeg") == true)
    }

    @Test func wavIsReadNativelyWithItsEncoding() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-\(UUID().uuidString).wav")
        defer { try? FileManager.default.removeItem(at: url) }
        try WAV.write(AudioBuffer(sampleRate: 8_000, channels: 1, samples: [0, 1000, -1000, 0]), as: .ulaw, to: url.path)
        let loaded = try AudioLoader(ffmpegPath: nil).load(path: url.path)
        #expect(loaded.sourceFormat == "ulaw")
        #expect(loaded.buffer.frameCount == 4)
    }

    @Test func rawSlinIsEightKilohertzLittleEndian() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-\(UUID().uuidString).sln")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0x01, 0x00, 0xFF, 0xFF]).write(to: url)
        let loaded = try AudioLoader(ffmpegPath: nil).load(path: url.path)
        #expect(loaded.buffer.samples == [1, -1])
        #expect(loaded.buffer.sampleRate == 8_000)
    }
}

@Suite struct AudioConverterTests {
    @Test func unsupportedRateAndChannelsAreRefusedWithTheOptionNamed() {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 1, samples: [0, 0])
        #expect(throws: AudioToolError.self) { try AudioConverter.convert(buffer, channels: 3, sampleRate: nil) }
        do {
            _ = try AudioConverter.convert(buffer, channels: nil, sampleRate: 11_025)
            Issue.record("11025 Hz should be refused")
        } catch {
            #expect("\(error)".contains("--rate 11025"))
        }
    }

    @Test func monoToStereoDuplicatesAndBack() throws {
        let buffer = AudioBuffer(sampleRate: 8_000, channels: 1, samples: [1, 2, 3])
        let stereo = try AudioConverter.convert(buffer, channels: 2, sampleRate: nil)
        #expect(stereo.samples == [1, 1, 2, 2, 3, 3])
        #expect(try AudioConverter.convert(stereo, channels: 1, sampleRate: nil).samples == [1, 2, 3])
    }
}
