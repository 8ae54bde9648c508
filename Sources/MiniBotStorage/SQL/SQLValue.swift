import Foundation

/// One bound parameter or result cell, the same on SQLite and PostgreSQL.
///
/// Why so few cases: every column of the schema is BIGINT, DOUBLE PRECISION or TEXT
/// (instants are epoch milliseconds, JSON is text), so one set of repository code reads
/// and writes both engines without per-engine type mapping.
///
/// ```swift
/// let binds: [SQLValue] = [.text("+33612345678"), .int(3), .date(now), nil]
/// ```
enum SQLValue: Hashable, Sendable, ExpressibleByNilLiteral, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case int(Int64)
    case double(Double)
    case text(String)
    case null

    init(nilLiteral: ()) { self = .null }
    init(stringLiteral value: String) { self = .text(value) }
    init(integerLiteral value: Int64) { self = .int(value) }

    static func int(_ value: Int) -> SQLValue { .int(Int64(value)) }
    static func optionalInt(_ value: Int?) -> SQLValue { value.map { .int(Int64($0)) } ?? .null }
    static func optionalText(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func optionalDouble(_ value: Double?) -> SQLValue { value.map { .double($0) } ?? .null }
    /// Instants are stored as milliseconds since 1970 (rounded), identical on both engines and time-zone free.
    static func date(_ value: Date) -> SQLValue { .int(SQLValue.millis(value)) }
    static func optionalDate(_ value: Date?) -> SQLValue { value.map(date) ?? .null }
    static func bool(_ value: Bool) -> SQLValue { .int(value ? 1 : 0) }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    var isNull: Bool { self == .null }
}

/// A result row: cells by column name, with typed getters that fail with the column named.
struct SQLRow: Sendable {
    let table: String
    let columns: [String: SQLValue]

    init(table: String = "?", columns: [String: SQLValue]) {
        self.table = table
        self.columns = columns
    }

    subscript(_ name: String) -> SQLValue { columns[name] ?? .null }

    func int(_ name: String) throws(StorageError) -> Int64 {
        guard let value = try optionalInt(name) else { throw corrupt(name, "NULL where a number is required") }
        return value
    }

    func optionalInt(_ name: String) throws(StorageError) -> Int64? {
        switch self[name] {
        case .null: return nil
        case .int(let v): return v
        case .double(let d) where d.rounded() == d && abs(d) < 9e18: return Int64(d)
        case .text(let t): if let v = Int64(t) { return v }; throw corrupt(name, "not an integer")
        case .double: throw corrupt(name, "not an integer")
        }
    }

    func double(_ name: String) throws(StorageError) -> Double {
        guard let value = try optionalDouble(name) else { throw corrupt(name, "NULL where a number is required") }
        return value
    }

    func optionalDouble(_ name: String) throws(StorageError) -> Double? {
        switch self[name] {
        case .null: return nil
        case .int(let v): return Double(v)
        case .double(let d): return d
        case .text(let t): if let v = Double(t) { return v }; throw corrupt(name, "not a number")
        }
    }

    func string(_ name: String) throws(StorageError) -> String {
        guard let value = try optionalString(name) else { throw corrupt(name, "NULL where text is required") }
        return value
    }

    func optionalString(_ name: String) throws(StorageError) -> String? {
        switch self[name] {
        case .null: return nil
        case .text(let t): return t
        case .int(let v): return String(v)
        case .double(let d): return String(d)
        }
    }

    func date(_ name: String) throws(StorageError) -> Date {
        SQLValue.date(millis: try int(name))
    }

    func optionalDate(_ name: String) throws(StorageError) -> Date? {
        try optionalInt(name).map(SQLValue.date(millis:))
    }

    /// Decodes a raw-value enum, naming the column and value when it is unknown.
    func enumValue<E: RawRepresentable>(_ name: String, as _: E.Type) throws(StorageError) -> E where E.RawValue == String {
        let raw = try string(name)
        guard let value = E(rawValue: raw) else { throw corrupt(name, "unknown \(E.self)") }
        return value
    }

    func optionalEnum<E: RawRepresentable>(_ name: String, as _: E.Type) throws(StorageError) -> E? where E.RawValue == String {
        guard let raw = try optionalString(name) else { return nil }
        guard let value = E(rawValue: raw) else { throw corrupt(name, "unknown \(E.self)") }
        return value
    }

    /// A text column read through a type's own parser (a call id, a seed-spelled sentiment), so a
    /// value the parser refuses is a corrupt-row error naming the column, never a default.
    func parsed<T>(_ name: String, as _: T.Type, _ parse: (String) -> T?) throws(StorageError) -> T {
        guard let value = try optionalParsed(name, as: T.self, parse) else { throw corrupt(name, "missing \(T.self)") }
        return value
    }

    func optionalParsed<T>(_ name: String, as _: T.Type, _ parse: (String) -> T?) throws(StorageError) -> T? {
        guard let raw = try optionalString(name) else { return nil }
        guard let value = parse(raw) else { throw corrupt(name, "not a \(T.self): \(raw)") }
        return value
    }

    /// Decodes a JSON text column.
    func json<T: Decodable>(_ name: String, as _: T.Type) throws(StorageError) -> T {
        let text = try string(name)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw corrupt(name, "JSON does not decode as \(T.self): \(error)")
        }
    }

    func corrupt(_ column: String, _ reason: String) -> StorageError {
        let shown: String
        switch self[column] {
        case .null: shown = "NULL"
        case .int(let v): shown = String(v)
        case .double(let d): shown = String(d)
        case .text(let t): shown = String(t.prefix(60))
        }
        return .corruptValue(table: table, column: column, value: shown, reason: reason)
    }
}

enum JSONText {
    /// Encodes with sorted keys so equal values store equal text.
    static func encode<T: Encodable>(_ value: T) throws(StorageError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StorageError.queryFailed(sql: "encode \(T.self)", reason: "\(error)")
        }
    }
}
