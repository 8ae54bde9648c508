import Foundation

/// All objection and FAQ entries the robot can answer with, loaded from per-theme JSON files.
///
/// Themes are data (seed 000 §9 used Python modules; we use files an operator can edit):
/// one file per theme, shaped like
/// ```json
/// { "theme": "finance",
///   "entries": [ { "id": "fin_trop_cher", "kind": "objection", "category": "price",
///                  "keywords": ["trop cher", "vos taux"], "response": "Je comprends…",
///                  "audioFile": "fin_trop_cher.wav" } ] }
/// ```
/// Bad data never crashes: it throws an `ObjectionDatabaseError` naming the file, the JSON path
/// (`$.entries[3].keywords[1]`) and the reason.
///
/// ```swift
/// let database = try ObjectionDatabase.bundled()                        // shipped themes
/// let custom = try ObjectionDatabase(directory: URL(filePath: "/etc/minibot/objections"))
/// let merged = try database.merging(custom)
/// ```
public struct ObjectionDatabase: Sendable, Equatable {
    public private(set) var entries: [ObjectionEntry]

    /// Builds a database from entries; ids must be unique.
    public init(entries: [ObjectionEntry]) throws {
        self.entries = []
        try append(entries, file: "<memory>")
    }

    /// Parses one theme file's JSON. `file` names it in errors.
    public init(jsonData: Data, file: String) throws {
        self.entries = []
        try append(ObjectionThemeFile.parse(jsonData, file: file), file: file)
    }

    /// Loads every `*.json` file in `directory`, in file-name order.
    public init(directory: URL) throws {
        self.entries = []
        let fileManager = FileManager.default
        let names: [String]
        do {
            names = try fileManager.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
        } catch {
            throw ObjectionDatabaseError(file: directory.path, path: "", reason: "cannot list directory: \(error.localizedDescription)")
        }
        for name in names {
            let url = directory.appendingPathComponent(name)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw ObjectionDatabaseError(file: url.path, path: "", reason: "cannot read file: \(error.localizedDescription)")
            }
            try append(ObjectionThemeFile.parse(data, file: url.path), file: url.path)
        }
    }

    /// The themes shipped with MiniBotPanel (general, finance, crypto, energie, immobilier).
    public static func bundled() throws -> ObjectionDatabase {
        guard let directory = LanguageResources.url("objections") else {
            throw ObjectionDatabaseError(file: "objections", path: "", reason: "resource bundle not found")
        }
        return try ObjectionDatabase(directory: directory)
    }

    /// Theme names present, sorted.
    public var themes: [String] { Array(Set(entries.map(\.theme))).sorted() }

    /// Entries of one theme, in file order.
    public func entries(theme: String) -> [ObjectionEntry] { entries.filter { $0.theme == theme } }

    /// Looks an entry up by id.
    public func entry(id: String) -> ObjectionEntry? { entries.first { $0.id == id } }

    /// This database plus `other`'s entries (operator themes on top of shipped ones); ids must stay unique.
    public func merging(_ other: ObjectionDatabase) throws -> ObjectionDatabase {
        var copy = self
        try copy.append(other.entries, file: "<merged>")
        return copy
    }

    private mutating func append(_ newEntries: [ObjectionEntry], file: String) throws {
        var known = Set(entries.map(\.id))
        for (index, entry) in newEntries.enumerated() {
            guard known.insert(entry.id).inserted else {
                throw ObjectionDatabaseError(file: file, path: "$.entries[\(index)].id", reason: "duplicate id '\(entry.id)'")
            }
        }
        entries.append(contentsOf: newEntries)
    }
}

/// Why a theme file was refused: which file, where in it, and what is wrong.
public struct ObjectionDatabaseError: Error, Equatable, CustomStringConvertible {
    public var file: String
    /// JSON path inside the file, e.g. `$.entries[2].kind`; empty for file-level problems.
    public var path: String
    public var reason: String

    public init(file: String, path: String, reason: String) {
        self.file = file
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? "\(file): \(reason)" : "\(file): \(path): \(reason)" }
}
