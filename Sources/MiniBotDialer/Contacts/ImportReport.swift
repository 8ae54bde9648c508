/// What an import did, in the exact JSON shape the CLI and the API print:
/// `{"imported":N,"duplicates":N,"invalid":[{"line":L,"value":"…","reason":"…"}]}`.
///
/// `imported` counts distinct contacts (after merging), `duplicates` the rows merged into
/// an earlier one, and each invalid row names the physical line where it starts.
public struct ImportReport: Hashable, Sendable, Codable {
    public var imported: Int
    public var duplicates: Int
    public var invalid: [InvalidRow]

    public init(imported: Int = 0, duplicates: Int = 0, invalid: [InvalidRow] = []) {
        self.imported = imported
        self.duplicates = duplicates
        self.invalid = invalid
    }

    /// A refused row: 1-based physical line where it starts, the offending value, and why.
    public struct InvalidRow: Hashable, Sendable, Codable {
        public var line: Int
        public var value: String
        public var reason: String

        public init(line: Int, value: String, reason: String) {
            self.line = line
            self.value = value
            self.reason = reason
        }
    }
}

/// The outcome of `ContactImporter.importContacts(from:)`.
public struct ContactImportResult: Sendable {
    /// Distinct contacts in file order (first appearance).
    public var contacts: [Contact]
    public var report: ImportReport
    public var encoding: CSVTextEncoding
    /// The separator found: ",", ";" or "\t".
    public var separator: Character
    /// Header of each column as written, in order.
    public var headers: [String]
}

/// A file that cannot be imported at all (as opposed to bad rows, which go in the report).
public struct ContactImportError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason)" }
}
