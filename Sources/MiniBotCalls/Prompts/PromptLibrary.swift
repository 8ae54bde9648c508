import Foundation
import Logging
import MiniBotAudio
import MiniBotTelephony
import Synchronization

/// Turns a ``PromptRequest`` into telephone audio, once per distinct file or sentence, shared
/// by every call of the process (SPEC C2: pre-recorded audio first, then text to speech).
///
/// Why one shared cache: at 500 calls the same twenty prompts play thousands of times; each is
/// decoded (and its AudioSocket wire frames encoded) once. Concurrent first requests for the
/// same sentence wait for a single synthesis instead of starting 500 espeak-ng processes.
/// Lookup order for a file: `<sounds>/<file>`, `<sounds>/<voice>/<file>`,
/// `<sounds>/<voice>/objections/<file>`; a missing or unreadable file falls back to speech
/// synthesis of the text (logged once per file).
/// ```swift
/// let library = PromptLibrary(soundsRoot: "/var/lib/minibot/sounds", synthesizer: EspeakSynthesizer.locate() ?? ToneSynthesizer())
/// let prompt = await library.prompt(for: request)   // Prompt(id: request.playbackID, frames: …)
/// ```
public final class PromptLibrary: Sendable {
    public let soundsRoot: String?
    public let synthesizer: any SpeechSynthesizer
    private let fallback: ToneSynthesizer
    private let logger: Logger
    private let entries = Mutex<[String: Entry]>([:])
    private let warned = Mutex<Set<String>>([])

    private enum Entry {
        case ready(Prompt)
        case loading([CheckedContinuation<Prompt, Never>])
    }

    public init(soundsRoot: String?, synthesizer: any SpeechSynthesizer, fallback: ToneSynthesizer = ToneSynthesizer(),
                logger: Logger = Logger(label: "minibot.prompts")) {
        self.soundsRoot = soundsRoot
        self.synthesizer = synthesizer
        self.fallback = fallback
        self.logger = logger
    }

    /// A library with the voice `TTS_ENGINE`/`TTS_VOICE` choose (default: the best installed local
    /// voice, pico2wave > MBROLA > espeak-ng) behind the disk phrase cache; the tone fallback when
    /// no voice is installed or the configuration is wrong (warned).
    public static func standard(soundsRoot: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                logger: Logger = Logger(label: "minibot.prompts")) -> PromptLibrary {
        do {
            let configuration = try SynthesizerConfiguration(environment: environment)
            let synthesizer = try configuration.make(environment: environment)
            if synthesizer is ToneSynthesizer {
                logger.warning("no speech synthesizer installed (pico2wave, espeak-ng): prompts without audio files will be neutral tones")
            }
            return PromptLibrary(soundsRoot: soundsRoot, synthesizer: synthesizer, logger: logger)
        } catch {
            logger.warning("\(error); prompts without audio files will be neutral tones")
            return PromptLibrary(soundsRoot: soundsRoot, synthesizer: ToneSynthesizer(), logger: logger)
        }
    }

    /// The library of simulated calls (demo, `--dry-run`, `PBX=simulated`): espeak-ng when
    /// installed, else tones, unless `TTS_ENGINE` names a voice. Why not the best voice: the
    /// simulated callee takes 500 ms of bot silence for the end of a prompt, and pico pauses
    /// 600 ms between sentences, so it would answer mid-prompt and the demo's outcomes change.
    public static func simulated(soundsRoot: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                                 logger: Logger = Logger(label: "minibot.prompts")) -> PromptLibrary {
        if let engine = environment["TTS_ENGINE"], !engine.isEmpty {
            return standard(soundsRoot: soundsRoot, environment: environment, logger: logger)
        }
        if let espeak = EspeakSynthesizer.locate(environment: environment) {
            return PromptLibrary(soundsRoot: soundsRoot, synthesizer: espeak, logger: logger)
        }
        logger.warning("espeak-ng not found: prompts without audio files will be neutral tones")
        return PromptLibrary(soundsRoot: soundsRoot, synthesizer: ToneSynthesizer(), logger: logger)
    }

    /// Distinct prompts decoded or synthesised so far.
    public var cachedCount: Int { entries.withLock { $0.count } }

    /// The audio for `request`, with `id == request.playbackID`.
    public func prompt(for request: PromptRequest) async -> Prompt {
        var shared: Prompt
        if let file = request.audioFile, let path = resolve(file, voice: request.voice) {
            shared = await cached(key: "file:" + path) { [self] in
                do {
                    return try loadWAV(path)
                } catch {
                    warnOnce(path, "unreadable prompt file, using speech synthesis: \(error)")
                    return await synthesize(request.text, voice: request.voice)
                }
            }
        } else {
            if let file = request.audioFile { warnOnce(file, "prompt file not found under the sounds folder, using speech synthesis") }
            shared = await cached(key: "tts:\(request.voice ?? ""):" + request.text) { [self] in
                await synthesize(request.text, voice: request.voice)
            }
        }
        shared.id = request.playbackID
        return shared
    }

    /// Pre-loads prompts (e.g. every step of a scenario) before calls arrive.
    public func warm(_ requests: [PromptRequest]) async {
        for request in requests { _ = await prompt(for: request) }
    }

    func resolve(_ file: String, voice: String?) -> String? {
        if file.hasPrefix("/") { return FileManager.default.fileExists(atPath: file) ? file : nil }
        guard let root = soundsRoot else { return nil }
        var candidates = [root + "/" + file]
        if let voice, !voice.isEmpty {
            candidates.append(root + "/" + voice + "/" + file)
            candidates.append(root + "/" + voice + "/objections/" + file)
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    func loadWAV(_ path: String) throws -> Prompt {
        let (buffer, _) = try WAV.read(path: path)
        let mono = buffer.mono()
        let samples = mono.sampleRate == TelephoneAudio.sampleRate ? mono.samples
            : mono.resampled(to: TelephoneAudio.sampleRate).samples
        return Prompt(id: path, samples: samples)
    }

    func synthesize(_ text: String, voice: String?) async -> Prompt {
        do {
            return Prompt(id: text, samples: try await synthesizer.synthesize(text, voice: voice))
        } catch {
            warnOnce("synth:" + synthesizer.name, "\(error); using a neutral tone instead")
            return Prompt(id: text, samples: fallback.samples(for: text))
        }
    }

    private func warnOnce(_ key: String, _ message: String) {
        let first = warned.withLock { $0.insert(key).inserted }
        if first { logger.warning("\(message)", metadata: ["prompt": "\(key)"]) }
    }

    /// Single-flight cache: the first caller builds, the others wait for its result.
    private func cached(key: String, build: @Sendable () async -> Prompt) async -> Prompt {
        let hit: Prompt? = entries.withLock { entries in
            if case .ready(let prompt)? = entries[key] { return prompt }
            return nil
        }
        if let hit { return hit }
        let mustBuild: Bool = entries.withLock { entries in
            if entries[key] == nil {
                entries[key] = .loading([])
                return true
            }
            return false
        }
        if mustBuild {
            let prompt = await build()
            let waiters: [CheckedContinuation<Prompt, Never>] = entries.withLock { entries in
                defer { entries[key] = .ready(prompt) }
                if case .loading(let waiters)? = entries[key] { return waiters }
                return []
            }
            for waiter in waiters { waiter.resume(returning: prompt) }
            return prompt
        }
        return await withCheckedContinuation { continuation in
            let ready: Prompt? = entries.withLock { entries in
                switch entries[key] {
                case .ready(let prompt)?:
                    return prompt
                case .loading(var waiters)?:
                    waiters.append(continuation)
                    entries[key] = .loading(waiters)
                    return nil
                case nil:
                    return Prompt(id: key, frames: [])
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
