import Foundation

/// Parses one theme file by hand, so every error carries its exact JSON path
/// (Codable's errors lose the index of the entry that was wrong in a readable form).
enum ObjectionThemeFile {
    static func parse(_ data: Data, file: String) throws -> [ObjectionEntry] {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ObjectionDatabaseError(file: file, path: "$", reason: "invalid JSON (\(error.localizedDescription))")
        }
        guard let object = root as? [String: Any] else {
            throw ObjectionDatabaseError(file: file, path: "$", reason: "expected an object with \"theme\" and \"entries\"")
        }
        let theme = try string(object["theme"], file: file, path: "$.theme")
        guard let rawEntries = object["entries"] as? [Any] else {
            throw ObjectionDatabaseError(file: file, path: "$.entries", reason: "expected an array of entries")
        }
        var entries: [ObjectionEntry] = []
        entries.reserveCapacity(rawEntries.count)
        for (index, raw) in rawEntries.enumerated() {
            let path = "$.entries[\(index)]"
            guard let item = raw as? [String: Any] else {
                throw ObjectionDatabaseError(file: file, path: path, reason: "expected an object")
            }
            let id = try string(item["id"], file: file, path: path + ".id")
            let kindText = try string(item["kind"], file: file, path: path + ".kind")
            guard let kind = ObjectionEntry.Kind(rawValue: kindText) else {
                throw ObjectionDatabaseError(file: file, path: path + ".kind", reason: "must be \"objection\" or \"faq\", got \"\(kindText)\"")
            }
            let category = try string(item["category"], file: file, path: path + ".category")
            guard let rawKeywords = item["keywords"] as? [Any], !rawKeywords.isEmpty else {
                throw ObjectionDatabaseError(file: file, path: path + ".keywords", reason: "expected a non-empty array of strings")
            }
            var keywords: [String] = []
            for (k, keyword) in rawKeywords.enumerated() {
                keywords.append(try string(keyword, file: file, path: path + ".keywords[\(k)]"))
            }
            let response = try string(item["response"], file: file, path: path + ".response")
            var audioFile: String?
            if let rawAudio = item["audioFile"], !(rawAudio is NSNull) {
                audioFile = try string(rawAudio, file: file, path: path + ".audioFile")
            }
            if let entryTheme = item["theme"], !(entryTheme is NSNull) {
                let value = try string(entryTheme, file: file, path: path + ".theme")
                guard value == theme else {
                    throw ObjectionDatabaseError(file: file, path: path + ".theme", reason: "\"\(value)\" differs from the file's theme \"\(theme)\"")
                }
            }
            entries.append(ObjectionEntry(id: id, theme: theme, kind: kind, category: category, keywords: keywords,
                                          response: response, audioFile: audioFile))
        }
        return entries
    }

    private static func string(_ value: Any?, file: String, path: String) throws -> String {
        guard let value else { throw ObjectionDatabaseError(file: file, path: path, reason: "missing") }
        guard let text = value as? String else {
            throw ObjectionDatabaseError(file: file, path: path, reason: "expected a string")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ObjectionDatabaseError(file: file, path: path, reason: "must not be empty")
        }
        return text
    }
}
