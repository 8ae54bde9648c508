import Foundation
import Logging
import MiniBotDialer

/// The one object the app opens to reach its data: SQLite by default, PostgreSQL with
/// `DATABASE_URL=postgres://…` (SPEC G5). Opening applies pending migrations; a database
/// migrated by a newer minibot is refused. The repositories share one connection (see
/// `SQLExecutor`); several workers = several processes on one PostgreSQL.
///
/// ```swift
/// let db = try await Database.open(url: try .fromEnvironment(ProcessInfo.processInfo.environment), logger: logger)
/// defer { Task { try? await db.close() } }   // or close explicitly at shutdown
/// _ = try await db.calls.recoverExpiredLeases(now: Date())
/// ```
public final class Database: Sendable {
    public let url: DatabaseURL
    /// The schema version after migrations.
    public let schemaVersion: Int
    public let contacts: SQLContactRepository
    public let campaigns: SQLCampaignRepository
    public let calls: SQLCallRepository
    public let optOuts: SQLOptOutRepository
    public let complianceLog: SQLComplianceLog
    public let callTurns: SQLCallTurnRepository
    public let workers: SQLWorkerRepository
    let executor: any SQLExecutor

    /// - Parameter clock: stamps `created_at`/`updated_at` (inject a fixed clock in tests).
    public static func open(url: DatabaseURL, logger: Logger,
                            clock: @escaping @Sendable () -> Date = { Date() }) async throws -> Database {
        let executor: any SQLExecutor
        switch url {
        case .sqliteFile(let path): executor = try await SQLiteExecutor.open(path: path, logger: logger)
        case .sqliteMemory: executor = try await SQLiteExecutor.open(path: nil, logger: logger)
        case .postgres(let settings): executor = try await PostgresExecutor.connect(settings, logger: logger)
        }
        do {
            let version = try await Migrator(migrations: Migration.all).migrate(executor, now: clock(), logger: logger)
            return Database(url: url, executor: executor, schemaVersion: version, clock: clock, logger: logger)
        } catch {
            try? await executor.close()
            throw error
        }
    }

    private init(url: DatabaseURL, executor: any SQLExecutor, schemaVersion: Int,
                 clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.url = url
        self.executor = executor
        self.schemaVersion = schemaVersion
        contacts = SQLContactRepository(executor: executor, clock: clock)
        campaigns = SQLCampaignRepository(executor: executor, clock: clock)
        calls = SQLCallRepository(executor: executor, clock: clock, logger: logger)
        optOuts = SQLOptOutRepository(executor: executor)
        complianceLog = SQLComplianceLog(executor: executor)
        callTurns = SQLCallTurnRepository(executor: executor)
        workers = SQLWorkerRepository(executor: executor)
    }

    /// Calls `onChange` with the id of every campaign whose status any process changes, until the
    /// task is cancelled or the connection drops (PostgreSQL `LISTEN`/`NOTIFY`). Returns at once on
    /// SQLite, where one process owns the file: callers keep polling as their fall-back either way.
    public func listenForCampaignChanges(_ onChange: @escaping @Sendable (Int64) -> Void) async throws {
        try await executor.listen(SQLCampaignRepository.changesChannel) { payload in
            if let id = Int64(payload) { onChange(id) }
        }
    }

    /// True when `listenForCampaignChanges` can deliver anything (PostgreSQL).
    public var announcesCampaignChanges: Bool { executor.dialect.engine == .postgres }

    /// Closes the connection; uncommitted work is rolled back by the engine.
    public func close() async throws {
        try await executor.close()
    }
}
