import Foundation
import MiniBotAudio
import MiniBotCalls
import Testing

/// The phrase cache, the `TTS_*` configuration, and the local voices this machine has.
@Suite("Voices and the phrase cache")
struct SpeechSynthesizerEngineTests {
    func temporaryFolder() -> String { NSTemporaryDirectory() + "minibot-tts-\(UUID().uuidString)" }

    @Test func aSentenceIsSynthesisedOnceAcrossRestartsAndKeyedByEngineVoiceAndText() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let engine = CountingSynthesizer()
        let first = CachedSynthesizer(engine, cache: PhraseCache(directory: folder), voice: "v1")
        let heard = try await first.synthesize("Bonjour, je suis Julie.", voice: nil)
        // A new process: a fresh cache value on the same folder.
        let restarted = CachedSynthesizer(engine, cache: PhraseCache(directory: folder), voice: "v1")
        let again = try await restarted.synthesize("Bonjour, je suis Julie.", voice: nil)
        #expect(engine.calls.withLock { $0 } == 1)
        #expect(again == heard)
        #expect(!heard.isEmpty)
        // Another voice or another text is another sentence.
        _ = try await CachedSynthesizer(engine, cache: PhraseCache(directory: folder), voice: "v2").synthesize("Bonjour, je suis Julie.", voice: nil)
        _ = try await restarted.synthesize("Au revoir.", voice: nil)
        #expect(engine.calls.withLock { $0 } == 3)
        #expect(PhraseCache(directory: folder).count == 3)
        // Stored as 8 kHz µ-law.
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".wav") })
        let (_, format) = try WAV.read(path: folder + "/" + file)
        #expect(format == WAVFormat(encoding: .ulaw, sampleRate: 8_000, channels: 1))
    }

    @Test func aCorruptOrForeignEntryIsAMissNotTheWrongSentence() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = PhraseCache(directory: folder)
        cache.store([1, 2, 3], engine: "pico", voice: "fr-FR", text: "Oui")
        let keyFile = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.hasSuffix(".key") })
        try Data("pico\u{1F}fr-FR\u{1F}Non".utf8).write(to: URL(fileURLWithPath: folder + "/" + keyFile))
        #expect(cache.load(engine: "pico", voice: "fr-FR", text: "Oui") == nil)
    }

    @Test func theCacheStaysUnderItsCapDroppingTheLeastRecentlyUsed() async throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let second = [Int16](repeating: 100, count: 8_000)           // 1 s ≈ 8 KB as µ-law
        let cache = PhraseCache(directory: folder, maxBytes: 20_000)
        cache.store(second, engine: "e", voice: "v", text: "one")
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)],
                                              ofItemAtPath: cache.path(engine: "e", voice: "v", text: "one"))
        cache.store(second, engine: "e", voice: "v", text: "two")
        #expect(cache.load(engine: "e", voice: "v", text: "one") != nil)   // read: now the most recent
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -30)],
                                              ofItemAtPath: cache.path(engine: "e", voice: "v", text: "two"))
        cache.store(second, engine: "e", voice: "v", text: "three")
        #expect(cache.sizeInBytes <= 20_000)
        #expect(cache.load(engine: "e", voice: "v", text: "two") == nil)
        #expect(cache.load(engine: "e", voice: "v", text: "one") != nil)
        #expect(cache.load(engine: "e", voice: "v", text: "three") != nil)
    }

    @Test func theConfigurationNamesTheWrongVariable() throws {
        #expect(throws: SynthesisError.self) { try SynthesizerConfiguration(environment: ["TTS_ENGINE": "loquendo"]) }
        do {
            _ = try SynthesizerConfiguration(environment: ["TTS_ENGINE": "openai"])
            Issue.record("openai without TTS_URL must fail")
        } catch {
            #expect(error.description.contains("TTS_URL"))
        }
        let openai = try SynthesizerConfiguration(environment: [
            "TTS_ENGINE": "openai", "TTS_URL": "http://127.0.0.1:9/v1", "TTS_VOICE": "julie", "TTS_API_KEY": "k",
            "TTS_CACHE_DIR": "off"])
        #expect(openai.cacheDirectory == nil)
        let engine = try #require(try openai.make() as? OpenAISpeechSynthesizer)
        #expect(engine.endpoint == "http://127.0.0.1:9/v1/audio/speech")
        #expect(engine.voice == "julie" && engine.apiKey == "k")
        let cached = try SynthesizerConfiguration(environment: ["TTS_ENGINE": "tone", "MINIBOT_CACHE": "/tmp/mb", "TTS_CACHE_MAX_MB": "5"])
        #expect(cached.cacheDirectory == "/tmp/mb/tts")
        #expect(cached.cacheMaxBytes == 5 << 20)
        #expect(try cached.make() is ToneSynthesizer)   // tones are never cached
    }

    @Test func anUnreachableOpenAICompatibleServerIsASynthesisErrorNamingTheEndpoint() async throws {
        let voice = OpenAISpeechSynthesizer(baseURL: "http://127.0.0.1:9/v1/", voice: "julie", timeout: .seconds(1))
        let started = ContinuousClock.now
        do {
            _ = try await voice.synthesize("Bonjour", voice: nil)
            Issue.record("nothing listens on port 9")
        } catch let error as SynthesisError {
            #expect(error.reason.contains("http://127.0.0.1:9/v1/audio/speech"))
        }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func theDefaultIsTheBestInstalledLocalVoice() throws {
        let installed = SynthesizerConfiguration.installedLocalEngines()
        let chosen = try SynthesizerConfiguration(environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]).engine
        #expect(chosen == installed.first ?? .tone)
        let order: [SynthesizerConfiguration.Engine] = [.pico, .mbrola, .espeak]
        #expect(installed == order.filter(installed.contains))
    }

    static let hasPico = PicoSynthesizer.locate() != nil
    static let hasMBROLA = EspeakSynthesizer.locate() != nil && !SynthesizerConfiguration.installedMBROLAVoices().isEmpty

    @Test(.enabled(if: hasPico, "pico2wave not installed (apt-get install libttspico-utils, Debian non-free)"))
    func picoSpeaksFrenchAt8kHz() async throws {
        let samples = try await PicoSynthesizer.locate()!.synthesize("Bonjour, je suis Julie de la société EcoEnergie.", voice: nil)
        #expect(samples.count > 8_000 && samples.count < 8_000 * 6)
        #expect(samples.map { abs(Int($0)) }.max() ?? 0 > 3_000)
    }

    @Test(.enabled(if: hasMBROLA, "no MBROLA French voice (apt-get install mbrola mbrola-fr1, Debian contrib/non-free)"))
    func mbrolaSpeaksFrenchAt8kHz() async throws {
        let engine = try SynthesizerConfiguration(engine: .mbrola).makeEngine()
        #expect(engine.name == "mbrola")
        let samples = try await engine.synthesize("Bonjour, je suis Julie de la société EcoEnergie.", voice: nil)
        #expect(samples.count > 8_000 && samples.count < 8_000 * 6)
    }
}
