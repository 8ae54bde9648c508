import Foundation
import Logging
import NIOCore
import SQLiteNIO

/// `SQLExecutor` over one sqlite-nio connection (WAL journal, `synchronous=NORMAL`).
///
/// ```swift
/// let executor = try await SQLiteExecutor.open(path: "minibot.sqlite", logger: logger)
/// try await executor.transaction { tx in try await tx.execute("DELETE FROM queue") }
/// ```
final class SQLiteExecutor: SQLExecutor {
    let dialect = SQLDialect.sqlite
    private let connection: SQLiteConnection
    private let lock = AsyncLock()
    private let logger: Logger

    private init(connection: SQLiteConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Opens (creating when missing) a file, or an in-memory database when `path` is nil.
    static func open(path: String?, logger: Logger) async throws -> SQLiteExecutor {
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: path.map { .file(path: $0) } ?? .memory, logger: logger)
        } catch {
            throw StorageError.connectionFailed(path.map { "sqlite:\($0)" } ?? "sqlite::memory:", reason: "\(error)")
        }
        let executor = SQLiteExecutor(connection: connection, logger: logger)
        if path != nil {
            // WAL: readers never block the dialer's writes; NORMAL: a commit survives a process
            // crash (kill -9), only a power cut may lose the last commits.
            try await executor.execute("PRAGMA journal_mode=WAL")
            try await executor.execute("PRAGMA synchronous=NORMAL")
        }
        try await executor.execute("PRAGMA foreign_keys=ON")
        try await executor.execute("PRAGMA temp_store=MEMORY")
        try await executor.execute("PRAGMA cache_size=-65536")
        return executor
    }

    func query(_ sql: String, _ binds: [SQLValue], table: String) async throws -> [SQLRow] {
        try await lock.withLock { try await Self.run(connection, sql, binds, table: table) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLQuerying) async throws -> T) async throws -> T {
        try await lock.withLock {
            let scope = Scope(connection: connection)
            try await Self.run(connection, "BEGIN IMMEDIATE", [], table: "?")
            do {
                let value = try await body(scope)
                try await Self.run(connection, "COMMIT", [], table: "?")
                return value
            } catch {
                do {
                    try await Self.run(connection, "ROLLBACK", [], table: "?")
                } catch let rollbackError {
                    logger.warning("rollback failed", metadata: ["error": "\(rollbackError)"])
                }
                throw error
            }
        }
    }

    /// One process owns a SQLite file: nothing to listen to.
    func listen(_ channel: String, onMessage: @escaping @Sendable (String) -> Void) async throws {}

    func close() async throws {
        try await lock.withLock { try await connection.close() }
    }

    /// Queries on the connection a transaction already holds.
    private struct Scope: SQLQuerying {
        let connection: SQLiteConnection
        var dialect: SQLDialect { .sqlite }
        func query(_ sql: String, _ binds: [SQLValue], table: String) async throws -> [SQLRow] {
            try await SQLiteExecutor.run(connection, sql, binds, table: table)
        }
    }

    @discardableResult
    static func run(_ connection: SQLiteConnection, _ sql: String, _ binds: [SQLValue], table: String) async throws
        -> [SQLRow] {
        let data: [SQLiteData] = binds.map {
            switch $0 {
            case .int(let v): .integer(SQLiteInt64(v))
            case .double(let d): .float(d)
            case .text(let t): .text(t)
            case .null: .null
            }
        }
        let rows: [SQLiteRow]
        do {
            rows = try await connection.query(sql, data)
        } catch {
            throw StorageError.queryFailed(sql: sql, reason: "\(error)")
        }
        return rows.map { row in
            var columns: [String: SQLValue] = [:]
            for column in row.columns {
                switch column.data {
                case .integer(let v): columns[column.name] = .int(Int64(v))
                case .float(let d): columns[column.name] = .double(d)
                case .text(let t): columns[column.name] = .text(t)
                case .blob(let b): columns[column.name] = .text(String(buffer: b))
                case .null: columns[column.name] = .null
                }
            }
            return SQLRow(table: table, columns: columns)
        }
    }
}
