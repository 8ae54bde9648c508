import Foundation

/// The labelled French answers used to measure the intent classifier.
///
/// File format (`Resources/corpus/intents.tsv`): one `split<TAB>intent<TAB>text` row per line,
/// `#` comments allowed; `split` is `train` (used to write the lexicon and fit the fallback
/// model), `test` (held out, only ever measured) or `blind` (rows written after the code was
/// frozen, in `intents_blind*.tsv`, measured once before any change). Keeping it as data lets anyone add answers heard in real calls.
///
/// ```swift
/// let corpus = try IntentCorpus.bundled()
/// let test = corpus.rows.filter { $0.split == .test }
/// ```
public struct IntentCorpus: Sendable {
    public enum Split: String, Sendable { case train, test, blind }

    public struct Row: Sendable, Equatable {
        public var split: Split
        public var intent: Intent
        public var text: String
        public var line: Int
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int
        public var reason: String
        public var description: String { "\(file):\(line): \(reason)" }
    }

    public var rows: [Row]

    /// Parses TSV text; `file` only names the source in errors.
    public init(tsv: String, file: String = "intents.tsv") throws {
        var rows: [Row] = []
        for (offset, rawLine) in tsv.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count >= 2 else {
                throw ParseError(file: file, line: offset + 1, reason: "expected split<TAB>intent<TAB>text")
            }
            guard let split = Split(rawValue: String(fields[0])) else {
                throw ParseError(file: file, line: offset + 1, reason: "unknown split '\(fields[0])' (train|test|blind)")
            }
            guard let intent = Intent(rawValue: String(fields[1])) else {
                throw ParseError(file: file, line: offset + 1, reason: "unknown intent '\(fields[1])'")
            }
            rows.append(Row(split: split, intent: intent, text: fields.count > 2 ? String(fields[2]) : "", line: offset + 1))
        }
        self.rows = rows
    }

    /// The corpus shipped in the module's resources.
    public static func bundled() throws -> IntentCorpus {
        try bundled(named: "intents.tsv")
    }

    /// Another shipped corpus file, e.g. `"intents_blind3.tsv"`.
    public static func bundled(named name: String) throws -> IntentCorpus {
        guard let url = LanguageResources.url("corpus/" + name) else {
            throw ParseError(file: "corpus/" + name, line: 0, reason: "resource bundle not found")
        }
        return try IntentCorpus(tsv: String(contentsOf: url, encoding: .utf8), file: url.lastPathComponent)
    }
}
