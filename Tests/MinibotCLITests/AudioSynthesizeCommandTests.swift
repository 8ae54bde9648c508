import Foundation
import MiniBotAudio
import Testing

/// `minibot audio synthesize` with the tone engine (always there, instant): what is planned, where
/// files land, the report, and that a re-run skips what exists.
@Suite("audio synthesize")
struct AudioSynthesizeCommandTests {
    static var scenario: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scenarios/rdv_energie.json").path
    }

    @Test func everySentenceWithoutAFileIsGeneratedOnceAndReRunsSkipThem() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let environment = ["TTS_ENGINE": "tone", "TTS_CACHE_DIR": "off"]
        let first = try Minibot.run(["audio", "synthesize", Self.scenario, "--target", "sounds"], environment: environment, in: directory.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("voice: tone"))
        #expect(first.stdout.contains("kind") && first.stdout.contains("status"))
        // The greeting names the contact: personal, skipped.
        #expect(first.stdout.contains("skipped (personal)"))
        let (q1, format) = try WAV.read(path: directory.path("sounds/julie/q1.wav"))
        #expect(format.sampleRate == 8_000 && format.channels == 1 && q1.frameCount > 0)
        #expect(FileManager.default.fileExists(atPath: directory.path("sounds/julie/hello.wav")) == false)
        let objections = try FileManager.default.contentsOfDirectory(atPath: directory.path("sounds/julie/objections"))
        #expect(objections.count >= 10)
        let railReturn = try FileManager.default.contentsOfDirectory(atPath: directory.path("sounds/julie/rail_return"))
        #expect(railReturn.count >= 30)
        let generated = try #require(first.stdout.split(separator: "\n").last { $0.contains("generated,") })
        let again = try Minibot.run(["audio", "synthesize", Self.scenario, "--target", "sounds"], environment: environment, in: directory.url)
        #expect(again.status == 0)
        #expect(again.stdout.contains("0 generated"))
        #expect(generated.hasPrefix("0 generated") == false)
        let forced = try Minibot.run(["audio", "synthesize", "--theme", "energie", "--target", "sounds", "--speaker", "julie", "--force"],
                                     environment: environment, in: directory.url)
        #expect(forced.status == 0)
        #expect(!forced.stdout.contains("rail-return"))
        #expect(!forced.stdout.contains("0 generated"))
    }

    @Test func anUnknownThemeOrEngineIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let theme = try Minibot.run(["audio", "synthesize", "--theme", "astrologie"], environment: ["TTS_ENGINE": "tone"], in: directory.url)
        #expect(theme.status != 0 && theme.stderr.contains("astrologie"))
        let engine = try Minibot.run(["audio", "synthesize", "--theme", "energie", "--engine", "loquendo"], in: directory.url)
        #expect(engine.status != 0 && engine.stderr.contains("TTS_ENGINE"))
    }
}
