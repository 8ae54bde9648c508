import Foundation

/// The few ways SQLite and PostgreSQL differ that repository code must know about.
///
/// Repository SQL is written once with `?` placeholders; the PostgreSQL executor rewrites
/// them to `$1, $2…`. Both engines understand `INSERT … ON CONFLICT … DO UPDATE SET x = excluded.x`
/// and `RETURNING` (SQLite ≥ 3.35, bundled by sqlite-nio), so only row locking differs.
struct SQLDialect: Hashable, Sendable {
    enum Engine: String, Hashable, Sendable { case sqlite, postgres }

    let engine: Engine
    /// Appended to a `SELECT` that picks queue rows to claim (`FOR UPDATE SKIP LOCKED` on PostgreSQL;
    /// SQLite serialises writers with `BEGIN IMMEDIATE` instead).
    let claimLock: String
    /// Appended to a `SELECT` that must wait for and hold a row (`FOR UPDATE` on PostgreSQL):
    /// serialises dials of one campaign and of one contact across workers.
    let rowLock: String
    /// `?` (SQLite) or `$n` (PostgreSQL).
    let numberedPlaceholders: Bool
    let supportsReturning: Bool
    /// Most bound parameters one statement may carry (SQLite's SQLITE_MAX_VARIABLE_NUMBER is 32766).
    let maxBinds: Int

    static let sqlite = SQLDialect(engine: .sqlite, claimLock: "", rowLock: "", numberedPlaceholders: false,
                                   supportsReturning: true, maxBinds: 32_000)
    static let postgres = SQLDialect(engine: .postgres, claimLock: " FOR UPDATE SKIP LOCKED", rowLock: " FOR UPDATE",
                                     numberedPlaceholders: true, supportsReturning: true, maxBinds: 65_000)

    /// "(?, ?, ?), (?, ?, ?)" for a multi-row VALUES list.
    static func valuesList(rows: Int, columns: Int) -> String {
        let one = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: one, count: rows).joined(separator: ", ")
    }

    /// "?, ?, ?" for an IN list.
    static func inList(_ count: Int) -> String {
        Array(repeating: "?", count: max(count, 1)).joined(separator: ", ")
    }

    /// Rewrites `?` placeholders to `$1…$n`, leaving quoted strings and identifiers alone.
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var n = 0
        var quote: Character? = nil
        for ch in sql {
            if let q = quote {
                out.append(ch)
                if ch == q { quote = nil }
            } else if ch == "'" || ch == "\"" {
                quote = ch
                out.append(ch)
            } else if ch == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

/// Runs SQL. Implemented by a transaction scope (queries run on the connection it holds).
protocol SQLQuerying: Sendable {
    var dialect: SQLDialect { get }
    /// Runs one statement with positional binds and returns its rows (`table` names them in errors).
    func query(_ sql: String, _ binds: [SQLValue], table: String) async throws -> [SQLRow]
}

extension SQLQuerying {
    @discardableResult
    func query(_ sql: String, _ binds: [SQLValue] = []) async throws -> [SQLRow] {
        try await query(sql, binds, table: "?")
    }

    func execute(_ sql: String, _ binds: [SQLValue] = []) async throws {
        _ = try await query(sql, binds, table: "?")
    }

    /// The first column of the first row as an integer (COUNT(*), RETURNING id).
    func scalarInt(_ sql: String, _ binds: [SQLValue] = []) async throws -> Int64? {
        let rows = try await query(sql, binds, table: "?")
        guard let row = rows.first, let (name, _) = row.columns.first else { return nil }
        return try row.optionalInt(name)
    }
}

/// The tiny engine seam the repositories are written against: one connection behind an
/// async lock, queries with positional binds, and a transaction scope.
///
/// Why one connection per `Database`: a dialer's queries are sub-millisecond, a
/// transaction must own its connection, and several workers scale by being several
/// processes (PostgreSQL row locks keep their claims apart), not by a pool.
protocol SQLExecutor: SQLQuerying {
    /// Runs `body` in one transaction (SQLite: `BEGIN IMMEDIATE`, so writers never deadlock
    /// on a lock upgrade; PostgreSQL: `BEGIN`), committing on return and rolling back on throw.
    func transaction<T: Sendable>(_ body: @Sendable (any SQLQuerying) async throws -> T) async throws -> T
    func close() async throws
    /// Calls `onMessage` with each payload sent on `channel` (PostgreSQL `LISTEN`) until the task is
    /// cancelled or the connection drops; returns at once where the engine has no notifications (SQLite).
    func listen(_ channel: String, onMessage: @escaping @Sendable (String) -> Void) async throws
}
