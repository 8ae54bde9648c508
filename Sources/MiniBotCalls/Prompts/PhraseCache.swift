import Foundation
import MiniBotAudio

/// Synthesised sentences on disk, so each is synthesised once across calls and restarts:
/// key (engine, voice, text) → an 8 kHz µ-law WAV (8 KB per second of speech), with a size cap.
///
/// Files are `<hash>.wav` with a `<hash>.key` beside it holding the full key, checked on every
/// read, so a hash collision is a miss, never the wrong sentence. Writes go to a temporary
/// name and are renamed, so a crash never leaves half a file and two processes can share the
/// folder. A read refreshes the file's date; when the folder exceeds `maxBytes`, the least
/// recently used sentences are removed first.
/// ```swift
/// let cache = PhraseCache(directory: "/var/cache/minibot/tts", maxBytes: 200 << 20)
/// if let samples = cache.load(engine: "pico", voice: "fr-FR", text: "Bonjour") { play(samples) }
/// ```
public struct PhraseCache: Sendable {
    public let directory: String
    public let maxBytes: Int

    public init(directory: String, maxBytes: Int = 200 << 20) {
        self.directory = directory
        self.maxBytes = maxBytes
    }

    static func key(engine: String, voice: String, text: String) -> String {
        "\(engine)\u{1F}\(voice)\u{1F}\(text)"
    }

    /// FNV-1a 64 of the key, in hex: a stable file name (the `.key` file settles collisions).
    static func hash(_ key: String) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01b3
        }
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    func paths(_ key: String) -> (wav: String, key: String) {
        let base = directory + "/" + Self.hash(key)
        return (base + ".wav", base + ".key")
    }

    /// Where the sentence's WAV is (or would be) stored.
    public func path(engine: String, voice: String, text: String) -> String {
        paths(Self.key(engine: engine, voice: voice, text: text)).wav
    }

    /// The cached 8 kHz samples, or nil.
    public func load(engine: String, voice: String, text: String) -> [Int16]? {
        let key = Self.key(engine: engine, voice: voice, text: text)
        let (wav, keyPath) = paths(key)
        guard let stored = FileManager.default.contents(atPath: keyPath), String(decoding: stored, as: UTF8.self) == key,
              let (buffer, _) = try? WAV.read(path: wav), buffer.sampleRate == TelephoneAudio.sampleRate else { return nil }
        try? FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: wav)
        return buffer.mono().samples
    }

    /// Stores 8 kHz samples; failures (read-only disk, full disk) only cost a later re-synthesis.
    public func store(_ samples: [Int16], engine: String, voice: String, text: String) {
        let key = Self.key(engine: engine, voice: voice, text: text)
        let (wav, keyPath) = paths(key)
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temporary = directory + "/.tmp-\(UUID().uuidString)"
            let bytes = WAV.encode(AudioBuffer(sampleRate: TelephoneAudio.sampleRate, channels: 1, samples: samples), as: .ulaw)
            try Data(bytes).write(to: URL(fileURLWithPath: temporary + ".wav"))
            try Data(key.utf8).write(to: URL(fileURLWithPath: temporary + ".key"))
            _ = try? fileManager.removeItem(atPath: keyPath)
            _ = try? fileManager.removeItem(atPath: wav)
            try fileManager.moveItem(atPath: temporary + ".wav", toPath: wav)
            try fileManager.moveItem(atPath: temporary + ".key", toPath: keyPath)
        } catch {
            return
        }
        trim()
    }

    /// Bytes of cached sentences.
    public var sizeInBytes: Int { entries().reduce(0) { $0 + $1.bytes } }

    /// Cached sentences.
    public var count: Int { entries().count }

    struct Entry { var base: String; var bytes: Int; var date: Date }

    func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".wav") && !$0.hasPrefix(".tmp-") }.compactMap { name in
            let path = directory + "/" + name
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
            return Entry(base: String(path.dropLast(4)), bytes: (attributes[.size] as? Int) ?? 0,
                         date: (attributes[.modificationDate] as? Date) ?? .distantPast)
        }
    }

    /// Removes least recently used sentences until the folder fits under `maxBytes`.
    func trim() {
        var all = entries()
        var total = all.reduce(0) { $0 + $1.bytes }
        guard total > maxBytes else { return }
        all.sort { $0.date < $1.date }
        for entry in all where total > maxBytes {
            try? FileManager.default.removeItem(atPath: entry.base + ".wav")
            try? FileManager.default.removeItem(atPath: entry.base + ".key")
            total -= entry.bytes
        }
    }
}

/// A synthesizer whose sentences go through a ``PhraseCache`` first.
/// ```swift
/// let voice = CachedSynthesizer(PicoSynthesizer(), cache: PhraseCache(directory: dir), voice: "fr-FR")
/// ```
public struct CachedSynthesizer: SpeechSynthesizer {
    public let engine: any SpeechSynthesizer
    public let cache: PhraseCache
    /// The voice part of the cache key (the engine's configured voice).
    public let voice: String
    public var name: String { engine.name }

    public init(_ engine: any SpeechSynthesizer, cache: PhraseCache, voice: String) {
        self.engine = engine
        self.cache = cache
        self.voice = voice
    }

    public func synthesize(_ text: String, voice requested: String?) async throws -> [Int16] {
        if let hit = cache.load(engine: engine.name, voice: voice, text: text) { return hit }
        let samples = try await engine.synthesize(text, voice: requested)
        cache.store(samples, engine: engine.name, voice: voice, text: text)
        // What a later hit will read: the first call and every restart play the same audio.
        return AudioEncoding.ulaw.decode(AudioEncoding.ulaw.encode(samples))
    }
}
