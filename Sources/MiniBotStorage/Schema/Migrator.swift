import Foundation
import Logging

/// Brings a database to `Migration.latestVersion` at open, one transaction per migration,
/// recording each in `schema_migrations`; refuses a database newer than the code.
///
/// Why a lock: two workers starting together on one PostgreSQL must not both migrate
/// (`pg_advisory_xact_lock`); SQLite's `BEGIN IMMEDIATE` already serialises them.
///
/// ```swift
/// let version = try await Migrator(migrations: Migration.all).migrate(executor, now: Date(), logger: logger)
/// ```
struct Migrator: Sendable {
    let migrations: [Migration]
    static let advisoryLockKey: Int64 = 0x4D69_6E69_426F_74 // "MiniBot"

    @discardableResult
    func migrate(_ executor: any SQLExecutor, now: Date, logger: Logger) async throws -> Int {
        // Under the same lock as the migrations: two workers opening a fresh PostgreSQL at once
        // would otherwise race on CREATE TABLE IF NOT EXISTS (a catalog unique violation).
        try await executor.transaction { tx in
            if tx.dialect.engine == .postgres {
                try await tx.execute("SELECT pg_advisory_xact_lock(?)", [.int(Self.advisoryLockKey)])
            }
            try await tx.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
                """)
        }
        let latest = migrations.last?.version ?? 0
        var current = try await currentVersion(executor)
        if current > latest { throw StorageError.schemaTooNew(database: current, code: latest) }
        for migration in migrations where migration.version > current {
            do {
                let applied = try await executor.transaction { tx -> Bool in
                    if tx.dialect.engine == .postgres {
                        try await tx.execute("SELECT pg_advisory_xact_lock(?)", [.int(Self.advisoryLockKey)])
                    }
                    // Another process may have applied it while we waited for the lock.
                    let done = try await tx.scalarInt("SELECT COUNT(*) AS n FROM schema_migrations WHERE version = ?",
                                                      [.int(migration.version)]) ?? 0
                    if done > 0 { return false }
                    for statement in migration.sql(for: tx.dialect) {
                        try await tx.execute(statement)
                    }
                    try await tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                         [.int(migration.version), .text(migration.name), .date(now)])
                    return true
                }
                if applied {
                    logger.info("applied migration", metadata: ["version": "\(migration.version)",
                                                                "name": "\(migration.name)"])
                }
            } catch let error as StorageError {
                throw StorageError.migrationFailed(version: migration.version, name: migration.name,
                                                   reason: error.description)
            }
            current = migration.version
        }
        return current
    }

    func currentVersion(_ executor: any SQLQuerying) async throws -> Int {
        Int(try await executor.scalarInt("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations") ?? 0)
    }
}
