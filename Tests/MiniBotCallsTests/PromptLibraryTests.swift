import Foundation
import MiniBotAudio
import MiniBotCalls
import Synchronization
import Testing

/// Counts syntheses, to prove the cache synthesises a sentence once.
final class CountingSynthesizer: SpeechSynthesizer {
    let name = "counting"
    let calls = Mutex(0)
    func synthesize(_ text: String, voice: String?) async throws -> [Int16] {
        calls.withLock { $0 += 1 }
        return ToneSynthesizer(millisecondsPerCharacter: 10).samples(for: text)
    }
}

struct FailingSynthesizer: SpeechSynthesizer {
    let name = "failing"
    func synthesize(_ text: String, voice: String?) async throws -> [Int16] { throw SynthesisError("offline") }
}

@Suite("PromptLibrary")
struct PromptLibraryTests {
    func request(_ text: String, file: String? = nil, voice: String? = "julie") -> PromptRequest {
        PromptRequest(playbackID: "p\(text.count)", kind: .answer, text: text, audioFile: file, voice: voice, bargeIn: true)
    }

    @Test func aSentenceIsSynthesisedOnceEvenWhenAskedConcurrently() async {
        let synthesizer = CountingSynthesizer()
        let library = PromptLibrary(soundsRoot: nil, synthesizer: synthesizer)
        await withTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { await library.prompt(for: request("Ça vous parle ?")).frames.count } }
            for await count in group { #expect(count > 0) }
        }
        #expect(synthesizer.calls.withLock { $0 } == 1)
        let prompt = await library.prompt(for: request("Ça vous parle ?"))
        #expect(prompt.id == "p15")
    }

    @Test func aPromptFileIsFoundUnderTheVoiceFolderAndResampledTo8kHz() async throws {
        let root = NSTemporaryDirectory() + "minibot-sounds-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/julie/objections", withIntermediateDirectories: true)
        let samples16k = ToneSynthesizer(millisecondsPerCharacter: 100).samples(for: "0123456789")  // 1 s
        try WAV.write(AudioBuffer(sampleRate: 16_000, channels: 1, samples: samples16k), as: .pcm16,
                      to: root + "/julie/objections/cher.wav")
        let library = PromptLibrary(soundsRoot: root, synthesizer: FailingSynthesizer())
        let prompt = await library.prompt(for: request("C'est trop cher", file: "cher.wav"))
        #expect(prompt.frames.count == 25)               // 1 s of 16 kHz audio = 0.5 s at 8 kHz = 25 frames
    }

    @Test func aMissingFileOrFailedSynthesisFallsBackToATone() async {
        let library = PromptLibrary(soundsRoot: "/nonexistent", synthesizer: FailingSynthesizer(),
                                    fallback: ToneSynthesizer(millisecondsPerCharacter: 40, minimumMilliseconds: 0))
        let prompt = await library.prompt(for: request("Bonjour", file: "julie/base/hello.wav"))
        #expect(prompt.frames.count == 7 * 40 / 20)
    }

    @Test func espeakOutputIsDecodedWhenInstalled() async throws {
        guard let espeak = EspeakSynthesizer.locate() else { return }
        let samples = try await espeak.synthesize("Bonjour, ça va ?", voice: nil)
        #expect(samples.count > 4_000)                   // more than half a second at 8 kHz
        #expect(samples.contains { abs(Int($0)) > 1_000 })
    }
}
