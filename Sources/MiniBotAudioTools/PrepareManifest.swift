import Foundation

/// Remembers, per source file, the content hash and options of its last preparation, so
/// `audio prepare` skips what has not changed. Stored as `.minibot-prepare.json` in the
/// target folder; a missing or unreadable manifest just means "redo everything".
struct PrepareManifest: Codable {
    static let fileName = ".minibot-prepare.json"

    var entries: [String: String] = [:]

    static func load(from target: String) -> PrepareManifest {
        guard let data = FileManager.default.contents(atPath: target + "/" + fileName),
              let manifest = try? JSONDecoder().decode(PrepareManifest.self, from: data) else { return PrepareManifest() }
        return manifest
    }

    func save(to target: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: target + "/" + Self.fileName)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try encoder.encode(self).write(to: url, options: .atomic)
    }

    /// FNV-1a 64: a change detector, not a security hash.
    static func hash(_ bytes: [UInt8]) -> String {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            value ^= UInt64(byte)
            value &*= 0x0000_0100_0000_01B3
        }
        return String(value, radix: 16) + "-\(bytes.count)"
    }
}
