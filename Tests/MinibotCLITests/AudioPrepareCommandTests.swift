import Foundation
import MiniBotAudio
import Testing

/// End-to-end `minibot audio prepare` on a real tree of real formats (made by sox and ffmpeg).
@Suite(.serialized)
struct AudioPrepareCommandTests {
    static let toolsPresent = Shell.which("ffmpeg") != nil && Shell.which("sox") != nil

    /// 44.1 kHz stereo WAV, MP3, FLAC, OGG, M4A at varied levels, plus a corrupt file.
    static func makeSourceTree(in dir: TemporaryDirectory) throws {
        for folder in ["audio/voice/base", "audio/voice/objections", "audio/background"] {
            try FileManager.default.createDirectory(atPath: dir.path(folder), withIntermediateDirectories: true)
        }
        let sox = try #require(Shell.which("sox"))
        let ffmpeg = try #require(Shell.which("ffmpeg"))
        try Shell.run(sox, ["-n", "-r", "44100", "-c", "2", "-b", "16", dir.path("audio/voice/base/hello.wav"),
                            "synth", "1.5", "sine", "440", "vol", "0.2"])
        let sources: [(String, String, String)] = [
            ("audio/voice/base/q1.mp3", "550", "0.5"),
            ("audio/voice/objections/trop_cher.flac", "660", "0.05"),
            ("audio/voice/objections/pas_le_temps.ogg", "330", "0.9"),
            ("audio/background/office.m4a", "220", "0.3"),
        ]
        for (path, frequency, volume) in sources {
            try Shell.run(ffmpeg, ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=\(frequency):duration=1.2:sample_rate=44100",
                                   "-af", "volume=\(volume)", "-y", dir.path(path)])
            #expect(FileManager.default.fileExists(atPath: dir.path(path)), "ffmpeg did not write \(path)")
        }
        FileManager.default.createFile(atPath: dir.path("audio/voice/base/broken.mp3"), contents: Data("this is not audio at all".utf8))
    }

    @Test(.enabled(if: toolsPresent, "needs ffmpeg and sox (scripts/test.sh installs them)"))
    func preparesEveryFormatReportsTheCorruptOneAndSkipsOnSecondRun() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        try Self.makeSourceTree(in: dir)
        let arguments = ["audio", "prepare", "--source", dir.path("audio"), "--target", dir.path("sounds"), "--volume-adjust", "2"]

        let first = try Minibot.run(arguments)
        #expect(first.status != 0, "a corrupt file must make the exit status non-zero")
        #expect(first.stdout.contains("broken.mp3"))
        #expect(first.stdout.contains("ERREUR"))
        let outputs = ["voice/base/hello.wav", "voice/base/q1.wav", "voice/objections/trop_cher.wav",
                       "voice/objections/pas_le_temps.wav", "background/office.wav"]
        for output in outputs {
            let decoded = try WAV.read(path: dir.path("sounds/" + output))
            #expect(decoded.format == WAVFormat(encoding: .ulaw, sampleRate: 8_000, channels: 1), "\(output)")
            let peak = Loudness.peakDBFS(decoded.buffer.samples)
            let rms = Loudness.rmsDBFS(decoded.buffer.samples)
            // Normalised to RMS −18 dBFS unless that would push the peak over −3 dBFS; then +2 dB volume
            // adjust; background files get −10 dB more. Pure tones have a 3 dB crest factor, so their RMS rules.
            let shift = output.hasPrefix("background/") ? 2.0 - 10.0 : 2.0
            #expect(peak <= -3 + shift + 0.5, "\(output): peak \(peak) dBFS over the −3 dBFS ceiling (+\(shift) dB)")
            let peakBound = abs(peak - (-3 + shift)) <= 0.5
            let rmsOnTarget = abs(rms - (-18 + shift)) <= 0.5
            #expect(peakBound || rmsOnTarget, "\(output): peak \(peak), RMS \(rms): neither at its target")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path("sounds/voice/base/broken.wav")))

        let second = try Minibot.run(arguments)
        #expect(second.stdout.components(separatedBy: "inchangé").count - 1 >= 5, "second run must skip all five:\n\(second.stdout)")
        #expect(second.stdout.contains("0 traité(s)"))

        let forced = try Minibot.run(arguments + ["--force"])
        #expect(forced.stdout.contains("5 traité(s)"), "\(forced.stdout)")
    }

    @Test(.enabled(if: toolsPresent, "needs ffmpeg and sox (scripts/test.sh installs them)"))
    func dryRunWritesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        try Self.makeSourceTree(in: dir)
        let result = try Minibot.run(["audio", "prepare", "--source", dir.path("audio"), "--target", dir.path("sounds"), "--dry-run"])
        #expect(result.stdout.contains("simulation"))
        #expect(result.stdout.contains("à traiter"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("sounds")), "dry run created the target folder")
    }

    @Test func missingSourceFolderIsAClearError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let result = try Minibot.run(["audio", "prepare", "--source", dir.path("nope"), "--target", dir.path("out")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("nope"))
    }
}
