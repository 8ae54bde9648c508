import Foundation
import MiniBotAudio
import Testing

/// `minibot speech transcribe` without a real engine: the JSON shape, per-file errors, exit status.
@Suite("speech transcribe (simulated engine)")
struct SpeechTranscribeCommandTests {
    @Test func goodFilesGiveOneJSONObjectEachAndABadFileFailsAloneWithExit1() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let tone = (0..<16_000).map { Int16(4_000 * sin(Double($0) * 2 * .pi * 440 / 16_000)) }
        try WAV.write(AudioBuffer(sampleRate: 16_000, channels: 1, samples: tone), as: .pcm16, to: directory.path("one.wav"))
        try WAV.write(AudioBuffer(sampleRate: 8_000, channels: 1, samples: Array(tone.prefix(4_000))), as: .alaw, to: directory.path("two.wav"))
        let result = try Minibot.run(["speech", "transcribe", "--json", "one.wav", "missing.wav", "two.wav"],
                                     environment: ["STT_ENGINE": "simulated"], in: directory.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("missing.wav"))
        let objects = try result.stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(objects.map { $0["file"] as? String } == ["one.wav", "two.wav"])
        #expect(objects.allSatisfy { Set($0.keys).isSuperset(of: ["file", "text", "engine", "seconds", "confidence"]) })
        #expect(objects.map { $0["engine"] as? String } == ["simulated", "simulated"])
        #expect(objects.map { $0["seconds"] as? Double } == [1.0, 0.5])
    }

    @Test func anUnknownEngineIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let result = try Minibot.run(["speech", "transcribe", "x.wav"], environment: ["STT_ENGINE": "nope"], in: directory.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("STT_ENGINE"))
    }
}
