import Foundation
import Hummingbird
import MiniBotStorage

/// One worker as `GET /workers` shows it.
struct WorkerJSON: Encodable {
    var id: String
    var host: String
    var pid: Int
    var role: String
    var startedAt: Date
    var heartbeatAt: Date
    var liveCalls: Int
    var stoppedAt: Date?
    var alive: Bool

    enum CodingKeys: String, CodingKey {
        case id, host, pid, role, alive
        case startedAt = "started_at", heartbeatAt = "heartbeat_at", liveCalls = "live_calls", stoppedAt = "stopped_at"
    }

    init(_ worker: WorkerStatus, now: Date) {
        id = worker.id
        host = worker.host
        pid = worker.pid
        role = worker.role
        startedAt = worker.startedAt
        heartbeatAt = worker.heartbeatAt
        stoppedAt = worker.stoppedAt
        alive = worker.isAlive(at: now, staleAfter: APIHandlers.workerStaleAfter)
        liveCalls = alive ? worker.liveCalls : 0
    }
}

struct WorkerListJSON: Encodable {
    var items: [WorkerJSON]
}

/// `GET /workers`: every dialling process sharing the database, seen in the last hour: who is
/// alive (heartbeat younger than 15 s), what each is doing, which stopped cleanly.
extension APIHandlers {
    /// A worker beats every 2 s; silent for this long, it is shown as dead (its leases expire soon after).
    static let workerStaleAfter: TimeInterval = 15

    func listWorkers() async throws -> Response {
        let now = Date()
        let workers = try await database.workers.workers(seenSince: now.addingTimeInterval(-3_600))
        return APIResponse.json(WorkerListJSON(items: workers.map { WorkerJSON($0, now: now) }))
    }
}
