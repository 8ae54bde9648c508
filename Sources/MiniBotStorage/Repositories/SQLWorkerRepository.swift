import Foundation

/// One dialling process as the cluster sees it (`GET /workers`, the dashboard's workers panel).
public struct WorkerStatus: Hashable, Sendable, Codable {
    /// Unique per process start (`WORKER_ID`, default `<host>-<random>`): never reused by a restart.
    public var id: String
    public var host: String
    public var pid: Int
    /// `serve` or `cli` (`campaign launch`).
    public var role: String
    public var startedAt: Date
    public var heartbeatAt: Date
    public var liveCalls: Int
    /// Set by a clean exit; nil while running (or after a crash: then the heartbeat stops).
    public var stoppedAt: Date?

    public init(id: String, host: String, pid: Int, role: String, startedAt: Date, heartbeatAt: Date,
                liveCalls: Int = 0, stoppedAt: Date? = nil) {
        self.id = id
        self.host = host
        self.pid = pid
        self.role = role
        self.startedAt = startedAt
        self.heartbeatAt = heartbeatAt
        self.liveCalls = liveCalls
        self.stoppedAt = stoppedAt
    }

    /// Alive when it has not stopped and its last heartbeat is younger than `staleAfter`.
    public func isAlive(at now: Date, staleAfter: TimeInterval) -> Bool {
        stoppedAt == nil && now.timeIntervalSince(heartbeatAt) <= staleAfter
    }
}

/// The `workers` table: one row per process start, refreshed by its heartbeat.
///
/// Why: operators need to see which workers share the database and what each is doing, and a
/// worker's silence (no heartbeat) is the visible sign that its leases will soon be recovered.
/// Recovery itself never reads this table: leases decide (see `recoverExpiredLeases`).
///
/// ```swift
/// try await db.workers.register(WorkerStatus(id: id, host: host, pid: pid, role: "serve", startedAt: now, heartbeatAt: now))
/// try await db.workers.heartbeat(id: id, liveCalls: 3, at: Date())
/// ```
public struct SQLWorkerRepository: Sendable {
    let executor: any SQLExecutor

    public func register(_ worker: WorkerStatus) async throws {
        try await executor.execute("""
            INSERT INTO workers (id, host, pid, role, started_at, heartbeat_at, live_calls, stopped_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid, role = excluded.role,
                started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, live_calls = excluded.live_calls,
                stopped_at = NULL
            """, [.text(worker.id), .text(worker.host), .int(worker.pid), .text(worker.role), .date(worker.startedAt),
                  .date(worker.heartbeatAt), .int(worker.liveCalls)])
    }

    public func heartbeat(id: String, liveCalls: Int, at now: Date) async throws {
        try await executor.execute("UPDATE workers SET heartbeat_at = ?, live_calls = ? WHERE id = ?",
                                   [.date(now), .int(liveCalls), .text(id)])
    }

    public func markStopped(id: String, at now: Date) async throws {
        try await executor.execute("UPDATE workers SET stopped_at = ?, heartbeat_at = ?, live_calls = 0 WHERE id = ?",
                                   [.date(now), .date(now), .text(id)])
    }

    /// Workers seen since `since` (running or stopped), newest start first.
    public func workers(seenSince since: Date) async throws -> [WorkerStatus] {
        try await executor.query("SELECT * FROM workers WHERE heartbeat_at >= ? ORDER BY started_at DESC, id",
                                 [.date(since)], table: "workers").map { row throws(StorageError) in
            WorkerStatus(id: try row.string("id"), host: try row.string("host"), pid: Int(try row.int("pid")),
                         role: try row.string("role"), startedAt: try row.date("started_at"),
                         heartbeatAt: try row.date("heartbeat_at"), liveCalls: Int(try row.int("live_calls")),
                         stoppedAt: try row.optionalDate("stopped_at"))
        }
    }

    /// Deletes rows of workers silent since before `before` (keeps the table small over months of restarts).
    @discardableResult
    public func prune(silentBefore before: Date) async throws -> Int {
        try await executor.query("DELETE FROM workers WHERE heartbeat_at < ? RETURNING id", [.date(before)],
                                 table: "workers").count
    }
}
