import Foundation
import MiniBotAudio
import Testing

/// `minibot speech transcribe` and `nlu classify` against the REAL local recogniser
/// (faster-whisper, Whisper base, beam 5), on the committed French telephone clips.
/// Serial phase of scripts/test.sh (filter `RealWhisper`); skipped without WHISPER_URL.
@Suite("RealWhisper: speech transcribe on French telephone clips", .serialized,
       .enabled(if: SpeechClips.whisperURL != nil, SpeechClips.skipReason))
struct RealWhisperCLITests {
    /// The engine as `eval "$(scripts/whisper-local.sh start)"` configures it; a generous upload
    /// deadline because a loaded CI machine decodes slower than a call needs.
    var environment: [String: String] {
        ["STT_ENGINE": "whisper", "WHISPER_URL": SpeechClips.whisperURL ?? "", "WHISPER_TIMEOUT": "120"]
    }

    struct Transcript: Decodable {
        var file: String
        var text: String
        var engine: String
        var seconds: Double
        var confidence: Double
    }

    func transcribe(_ paths: [String], extra: [String] = []) throws -> (Minibot.Result, [Transcript]) {
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let result = try Minibot.run(["speech", "transcribe", "--json"] + extra + paths, environment: environment, in: directory.url)
        let transcripts = try result.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Transcript.self, from: Data($0.utf8))
        }
        return (result, transcripts)
    }

    /// Word error per voice: pico as synthesised and pico sped up are the natural voices the
    /// issue's ≤ 0.15 is about; pico with its pitch forced down (`pico-low`) sounds synthetic
    /// and is only guarded against regressions. Then `nlu classify` on the same transcripts.
    @Test func clipsAreTranscribedWithinTheWordErrorBudgetAndClassifiedAsExpected() throws {
        let clips = try SpeechClips.all()
        #expect(clips.count >= 15)
        let (result, transcripts) = try transcribe(clips.map(\.path))
        #expect(result.status == 0, "stderr: \(result.stderr)")
        try #require(transcripts.count == clips.count)
        var errors: [String: Int] = [:], words: [String: Int] = [:]
        for (clip, transcript) in zip(clips, transcripts) {
            #expect(transcript.file == clip.path)
            #expect(transcript.engine == "whisper")
            #expect(transcript.confidence > 0 && transcript.confidence <= 1)
            let duration = try WAV.read(path: clip.path).buffer.duration
            #expect(abs(transcript.seconds - duration) < 0.03)
            let reference = WordErrorRate.tokens(clip.text)
            let clipErrors = WordErrorRate.errors(reference: reference, hypothesis: WordErrorRate.tokens(transcript.text))
            errors[clip.voice, default: 0] += clipErrors
            words[clip.voice, default: 0] += reference.count
            print("RealWhisper \(clip.file) (\(clip.voice)): \(clipErrors)/\(reference.count) \"\(transcript.text)\"")
        }
        func rate(_ voices: [String]) -> Double {
            Double(voices.reduce(0) { $0 + errors[$1, default: 0] }) / Double(max(1, voices.reduce(0) { $0 + words[$1, default: 0] }))
        }
        for voice in errors.keys.sorted() { print("RealWhisper word error rate \(voice): \(String(format: "%.3f", rate([voice])))") }
        let natural = rate(["pico", "pico-fast"]), all = rate(Array(errors.keys))
        print("RealWhisper word error rate: natural voices \(String(format: "%.3f", natural)), all clips \(String(format: "%.3f", all))")
        #expect(natural <= 0.15)
        #expect(rate(["pico-low"]) <= 0.40)

        let classified = try Minibot.run(["nlu", "classify"], stdin: transcripts.map(\.text).joined(separator: "\n") + "\n")
        #expect(classified.status == 0)
        let intents = try classified.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["intent"] as? String
        }
        try #require(intents.count == clips.count)
        var right = 0
        for (clip, intent) in zip(clips, intents) {
            if intent == clip.intent { right += 1 } else { print("RealWhisper intent \(clip.file): expected \(clip.intent), got \(intent ?? "nil")") }
        }
        print("RealWhisper intents: \(right)/\(clips.count) as expected")
        #expect(Double(right) / Double(clips.count) >= 0.8)
    }

    /// The scenario's vocabulary goes to the recogniser as its prompt and the answer still parses.
    @Test func aScenarioPrimesTheRecogniser() throws {
        let clip = try #require(try SpeechClips.all().first { $0.file == "trop-cher.wav" })
        let (result, transcripts) = try transcribe([clip.path], extra: ["--scenario", SpeechClips.repositoryRoot + "/scenarios/rdv_energie.json"])
        #expect(result.status == 0)
        let transcript = try #require(transcripts.first)
        #expect(WordErrorRate.errors(reference: WordErrorRate.tokens(clip.text), hypothesis: WordErrorRate.tokens(transcript.text)) <= 1)
    }

    @Test func anyWAVEncodingAndRateIsHeardLikeTheCallAndABadFileFailsAlone() throws {
        let clip = try #require(try SpeechClips.all().first { $0.file == "je-vous-ecoute.wav" })
        let directory = try TemporaryDirectory()
        defer { directory.cleanup() }
        let telephone = try WAV.read(path: clip.path).buffer
        // A-law at 8 kHz, PCM16 stereo at 44.1 kHz, µ-law at 16 kHz: all become the call's 8 kHz.
        let alaw = directory.path("alaw.wav"), stereo = directory.path("stereo-44k.wav"), wide = directory.path("ulaw-16k.wav")
        try WAV.write(telephone, as: .alaw, to: alaw)
        let upsampled = telephone.resampled(to: 44_100)
        let interleaved = upsampled.samples.flatMap { [$0, $0] }
        try WAV.write(AudioBuffer(sampleRate: 44_100, channels: 2, samples: interleaved), as: .pcm16, to: stereo)
        try WAV.write(telephone.resampled(to: 16_000), as: .ulaw, to: wide)
        let broken = directory.path("broken.wav")
        try Data("RIFF....WAVEnot audio".utf8).write(to: URL(fileURLWithPath: broken))
        let (result, transcripts) = try transcribe([alaw, broken, stereo, wide])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.wav"))
        #expect(transcripts.map(\.file) == [alaw, stereo, wide])
        for transcript in transcripts {
            let errors = WordErrorRate.errors(reference: WordErrorRate.tokens(clip.text), hypothesis: WordErrorRate.tokens(transcript.text))
            #expect(errors <= 1, "\(transcript.file): \(transcript.text)")
        }
    }
}
