import AsyncHTTPClient
import Foundation

/// Which voice speaks the prompts that have no audio file, from the environment:
///
/// | variable | meaning | default |
/// | --- | --- | --- |
/// | `TTS_ENGINE` | `pico`, `mbrola`, `espeak`, `openai`, `tone` | the best installed local voice: pico > mbrola > espeak > tone |
/// | `TTS_VOICE` | espeak-ng voice (`fr`, `mb-fr1`, `mb-fr4`…) or the OpenAI-compatible voice name | `mb-fr1`/`mb-fr4` (the first installed) for mbrola, `fr` for espeak, `alloy` for openai |
/// | `TTS_URL` | OpenAI-compatible server root (`…/v1/audio/speech` is appended) | required with `openai` |
/// | `TTS_API_KEY` | `Authorization: Bearer` for `openai` | none |
/// | `TTS_MODEL` | `model` field for `openai` | `tts-1` |
/// | `TTS_CACHE_DIR` | the phrase cache folder; `off` disables it | `${MINIBOT_CACHE:-~/.cache/minibot}/tts` |
/// | `TTS_CACHE_MAX_MB` | the phrase cache's size cap | `200` |
///
/// Voice licences: pico's French data is Apache-2.0 (Debian non-free only because its sources are
/// missing); the MBROLA voices may be used and copied free of charge but not sold or built into a
/// product that is sold without their authors' permission (docs/VOICES.md).
/// ```swift
/// let synthesizer = try SynthesizerConfiguration(environment: env).make()   // cached on disk
/// ```
public struct SynthesizerConfiguration: Sendable, Equatable {
    public enum Engine: String, Sendable, CaseIterable {
        case pico, mbrola, espeak, openai, tone
    }

    public var engine: Engine
    public var voice: String?
    public var url: String?
    public var apiKey: String?
    public var model: String
    /// nil: no disk cache.
    public var cacheDirectory: String?
    public var cacheMaxBytes: Int

    /// Which local engines this machine has, best first (what the default picks from).
    public static func installedLocalEngines(environment: [String: String] = ProcessInfo.processInfo.environment) -> [Engine] {
        var engines: [Engine] = []
        if PicoSynthesizer.locate(environment: environment) != nil { engines.append(.pico) }
        if EspeakSynthesizer.locate(environment: environment) != nil {
            if !installedMBROLAVoices().isEmpty { engines.append(.mbrola) }
            engines.append(.espeak)
        }
        return engines
    }

    /// French MBROLA voices espeak-ng can drive here (`mb-fr1`, `mb-fr4`…), from `/usr/share/mbrola`.
    public static func installedMBROLAVoices(root: String = "/usr/share/mbrola") -> [String] {
        (1...7).compactMap { index in
            FileManager.default.fileExists(atPath: "\(root)/fr\(index)/fr\(index)") ? "mb-fr\(index)" : nil
        }
    }

    public init(engine: Engine, voice: String? = nil, url: String? = nil, apiKey: String? = nil, model: String = "tts-1",
                cacheDirectory: String? = nil, cacheMaxBytes: Int = 200 << 20) {
        self.engine = engine
        self.voice = voice
        self.url = url
        self.apiKey = apiKey
        self.model = model
        self.cacheDirectory = cacheDirectory
        self.cacheMaxBytes = cacheMaxBytes
    }

    /// Reads the variables above; empty values count as unset.
    public init(environment: [String: String]) throws(SynthesisError) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        let engine: Engine
        if let name = value("TTS_ENGINE")?.lowercased() {
            let aliases: [String: Engine] = ["pico2wave": .pico, "espeak-ng": .espeak, "openai-compatible": .openai]
            guard let parsed = Engine(rawValue: name) ?? aliases[name] else {
                throw SynthesisError("TTS_ENGINE=\(name) is not one of \(Engine.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            engine = parsed
        } else {
            engine = Self.installedLocalEngines(environment: environment).first ?? .tone
        }
        if engine == .openai, value("TTS_URL") == nil {
            throw SynthesisError("TTS_URL is required with TTS_ENGINE=openai (an OpenAI-compatible server, e.g. http://127.0.0.1:8880/v1)")
        }
        var cache: String? = value("TTS_CACHE_DIR")
        if cache == nil {
            let root = value("MINIBOT_CACHE") ?? ((value("HOME") ?? NSHomeDirectory()) + "/.cache/minibot")
            cache = root + "/tts"
        }
        if cache?.lowercased() == "off" { cache = nil }
        var maxBytes = 200 << 20
        if let raw = value("TTS_CACHE_MAX_MB") {
            guard let megabytes = Int(raw), megabytes >= 0 else { throw SynthesisError("TTS_CACHE_MAX_MB=\(raw) is not a whole number of megabytes") }
            maxBytes = megabytes << 20
        }
        self.init(engine: engine, voice: value("TTS_VOICE"), url: value("TTS_URL"), apiKey: value("TTS_API_KEY"),
                  model: value("TTS_MODEL") ?? "tts-1", cacheDirectory: cache, cacheMaxBytes: maxBytes)
    }

    /// The engine alone, without the disk cache. Throws when the chosen engine is not installed.
    public func makeEngine(environment: [String: String] = ProcessInfo.processInfo.environment,
                           httpClient: HTTPClient = .shared) throws(SynthesisError) -> any SpeechSynthesizer {
        switch engine {
        case .pico:
            guard let pico = PicoSynthesizer.locate(environment: environment) else {
                throw SynthesisError("TTS_ENGINE=pico: pico2wave not found (apt-get install libttspico-utils, Debian non-free)")
            }
            return pico
        case .mbrola, .espeak:
            guard var espeak = EspeakSynthesizer.locate(environment: environment) else {
                throw SynthesisError("TTS_ENGINE=\(engine.rawValue): espeak-ng not found (apt-get install espeak-ng)")
            }
            if engine == .mbrola {
                guard let chosen = voice ?? Self.installedMBROLAVoices().first else {
                    throw SynthesisError("TTS_ENGINE=mbrola: no French MBROLA voice (apt-get install mbrola mbrola-fr1, Debian contrib/non-free)")
                }
                espeak.language = chosen
            } else if let voice {
                espeak.language = voice
            }
            return espeak
        case .openai:
            return OpenAISpeechSynthesizer(baseURL: url ?? "", model: model, voice: voice ?? "alloy", apiKey: apiKey, client: httpClient)
        case .tone:
            return ToneSynthesizer()
        }
    }

    /// The engine behind the phrase cache (when a cache folder is set).
    public func make(environment: [String: String] = ProcessInfo.processInfo.environment,
                     httpClient: HTTPClient = .shared) throws(SynthesisError) -> any SpeechSynthesizer {
        let engine = try makeEngine(environment: environment, httpClient: httpClient)
        guard let cacheDirectory, !(engine is ToneSynthesizer) else { return engine }
        return CachedSynthesizer(engine, cache: PhraseCache(directory: cacheDirectory, maxBytes: cacheMaxBytes),
                                 voice: voiceLabel(of: engine))
    }

    /// "pico", "mbrola mb-fr1", "openai julie": for `doctor` and logs.
    public func describe(_ synthesizer: any SpeechSynthesizer) -> String {
        let label = voiceLabel(of: synthesizer)
        return label.isEmpty ? synthesizer.name : synthesizer.name + " " + label
    }

    /// The voice part of the phrase cache's key for this engine (what ``make(environment:httpClient:)`` uses),
    /// so sentences written ahead of calls (`audio synthesize`) are hits in live calls.
    public func voiceLabelForCache(_ synthesizer: any SpeechSynthesizer) -> String {
        voiceLabel(of: synthesizer)
    }

    func voiceLabel(of synthesizer: any SpeechSynthesizer) -> String {
        switch synthesizer {
        case let cached as CachedSynthesizer: cached.voice
        case let espeak as EspeakSynthesizer: espeak.language
        case let openai as OpenAISpeechSynthesizer: openai.voice
        case let pico as PicoSynthesizer: pico.language
        default: ""
        }
    }
}
