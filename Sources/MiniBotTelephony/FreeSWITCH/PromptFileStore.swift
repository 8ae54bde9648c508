import Foundation
import Synchronization

/// Writes prompts as 8 kHz 16-bit mono WAV files in a directory FreeSWITCH can read
/// (`FREESWITCH_SOUNDS_DIR`), once per distinct audio: `uuid_broadcast` plays files, not samples.
///
/// File names are the prompt id plus a stable FNV-1a hash of the samples, so the same prompt maps
/// to the same file across runs and a changed prompt never reuses a stale file.
/// ```swift
/// let store = PromptFileStore(directory: "/usr/share/freeswitch/sounds/minibot/cache")
/// let path = try store.path(for: prompt)   // …/welcome-3f2a9c01d4e5b6a7.wav
/// ```
public final class PromptFileStore: Sendable {
    public let directory: String
    private let written = Mutex<Set<String>>([])

    public init(directory: String) {
        self.directory = directory
    }

    public func path(for prompt: Prompt) throws -> String {
        let samples = prompt.frames.flatMap { $0 }
        let name = "\(Self.sanitized(prompt.id))-\(Self.hexHash(samples)).wav"
        let path = (directory as NSString).appendingPathComponent(name)
        if written.withLock({ $0.contains(path) }) { return path }
        if !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Self.wav(samples: samples, sampleRate: 8000).write(to: URL(fileURLWithPath: path), options: .atomic)
        }
        written.withLock { _ = $0.insert(path) }
        return path
    }

    /// A canonical 44-byte-header PCM WAV.
    public static func wav(samples: [Int16], sampleRate: Int) -> Data {
        var data = Data(capacity: 44 + samples.count * 2)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        let byteCount = UInt32(samples.count * 2)
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + byteCount)
        data.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(1)
        u32(UInt32(sampleRate)); u32(UInt32(sampleRate * 2)); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(byteCount)
        for sample in samples { u16(UInt16(bitPattern: sample)) }
        return data
    }

    static func sanitized(_ id: String) -> String {
        let kept = id.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(Character(scalar)) || scalar == "-" || scalar == "_"
                ? Character(scalar) : "_"
        }
        return String(kept.prefix(64)).isEmpty ? "prompt" : String(kept.prefix(64))
    }

    static func hexHash(_ samples: [Int16]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for sample in samples {
            let bits = UInt16(bitPattern: sample)
            hash = (hash ^ UInt64(bits & 0xff)) &* 0x100_0000_01b3
            hash = (hash ^ UInt64(bits >> 8)) &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
