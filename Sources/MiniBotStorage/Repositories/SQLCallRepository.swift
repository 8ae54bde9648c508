import Foundation
import Logging
import MiniBotDialer

/// `CallRepository` over SQLite or PostgreSQL: the durable dial queue (SPEC F3).
///
/// Life of a queue entry: `queued` → `claimCandidates` (one transaction; PostgreSQL
/// `SELECT … FOR UPDATE SKIP LOCKED`, SQLite `BEGIN IMMEDIATE`) → `claimed` by a worker
/// until `lease_until` → `markDialling` writes the call record BEFORE the PBX originate and
/// moves the entry to `dialling` → `finish` stores the outcome and applies the
/// `RetryDecision` (back to `queued` with a due time, or `done`) in one transaction.
/// `recoverExpiredLeases` (see `SQLCallRepository+Recovery.swift`) repairs what a dead worker left.
///
/// Call ids are assigned by the database (`markDialling` ignores `call.callID`; use the
/// returned record from `dial(queueID:call:)`); `finish` finds the row by `callUUID`.
///
/// ```swift
/// let batch = try await db.calls.claimCandidates(campaignID: 1, worker: "host-a", limit: 10,
///                                                 leaseUntil: now + 120, now: now)
/// let record = try await db.calls.dial(queueID: batch[0].queueID, call: pendingRecord)   // then originate
/// try await db.calls.finish(call: ended, queueID: batch[0].queueID, next: decision)
/// ```
public struct SQLCallRepository: CallRepository {
    let executor: any SQLExecutor
    let clock: @Sendable () -> Date
    let logger: Logger

    public func claimCandidates(campaignID: Int64, worker: String, limit: Int, leaseUntil: Date, now: Date)
        async throws -> [DialCandidate] {
        guard limit > 0 else { return [] }
        return try await executor.transaction { tx in
            guard let campaignRow = try await tx.query("SELECT compliance FROM campaigns WHERE id = ?",
                                                       [.int(campaignID)], table: "campaigns").first else {
                throw StorageError.notFound("campaign \(campaignID)")
            }
            let policy = try campaignRow.json("compliance", as: CompliancePolicy.self)
            let picked = try await tx.query("""
                SELECT id FROM queue
                WHERE campaign_id = ? AND state = 'queued' AND (due_at IS NULL OR due_at <= ?)
                ORDER BY priority DESC, due_at, id LIMIT ?\(tx.dialect.claimLock)
                """, [.int(campaignID), .date(now), .int(limit)], table: "queue")
            guard !picked.isEmpty else { return [] }
            let ids = try picked.map { row throws(StorageError) in SQLValue.int(try row.int("id")) }
            let rows = try await tx.query("""
                UPDATE queue SET state = 'claimed', worker = ?, lease_until = ?, updated_at = ?
                WHERE id IN (\(SQLDialect.inList(ids.count))) AND state = 'queued'
                RETURNING id, phone, retries, due_at, priority
                """, [.text(worker), .date(leaseUntil), .date(now)] + ids, table: "queue")
            let phones = try rows.map { row throws(StorageError) in try row.string("phone") }
            var contacts: [String: Contact] = [:]
            for row in try await tx.query("SELECT * FROM contacts WHERE phone IN (\(SQLDialect.inList(phones.count)))",
                                          phones.map { .text($0) }, table: "contacts") {
                let contact = try Contact(row: row)
                contacts[contact.phone.e164] = contact
            }
            let lookbackDays = max(policy.capPeriodDays, policy.refusalCooldownDays ?? 0) + 1
            let since = now.addingTimeInterval(-Double(lookbackDays) * 86_400)
            let histories = try await SQLContactRepository.histories(phones: phones, since: since, tx: tx)
            var candidates: [DialCandidate] = []
            for row in rows {
                let phone = try row.string("phone")
                let contact: Contact
                if let stored = contacts[phone] {
                    contact = stored
                } else {
                    do { contact = Contact(phone: try PhoneNumber(e164: phone)) } catch {
                        throw row.corrupt("phone", "\(error)")
                    }
                }
                candidates.append(DialCandidate(queueID: try row.int("id"), contact: contact,
                                                history: histories[phone] ?? .none,
                                                retriesSoFar: Int(try row.int("retries")),
                                                dueAt: try row.optionalDate("due_at"),
                                                priority: Int(try row.int("priority"))))
            }
            return candidates.sorted { a, b in
                if a.priority != b.priority { return a.priority > b.priority }
                let da = a.dueAt ?? .distantPast, db = b.dueAt ?? .distantPast
                return da != db ? da < db : a.queueID < b.queueID
            }
        }
    }

    public func markDialling(queueID: Int64, call: CallRecord) async throws {
        _ = try await dial(queueID: queueID, call: call, checks: .none)
    }

    /// `markDialling` returning the stored record with its database-assigned `callID`.
    /// Throws `StorageError.claimLost` when the entry is not claimed any more or its lease
    /// ran out before `call.startedAt` (another worker may own it now): do not originate.
    /// Throws `DialRefusal` when `checks` fail on what every worker has written (the claim is
    /// kept: release it). The campaign row, then the contact row, are locked first, so dials of
    /// one campaign (cap, throttle) and of one contact (any campaign) are serialised cluster-wide.
    public func dial(queueID: Int64, call: CallRecord, checks: DialChecks) async throws -> CallRecord {
        let now = clock()
        let startedAt = call.startedAt ?? now
        return try await executor.transaction { tx in
            guard let claim = try await tx.query("""
                SELECT campaign_id, phone FROM queue
                WHERE id = ? AND state = 'claimed' AND lease_until >= ?\(tx.dialect.rowLock)
                """, [.int(queueID), .date(startedAt)], table: "queue").first else {
                throw StorageError.claimLost(queueID: queueID)
            }
            try await Self.verify(checks, campaignID: try claim.int("campaign_id"), phone: try claim.string("phone"),
                                  at: startedAt, tx: tx)
            guard let entry = try await tx.query("""
                UPDATE queue SET state = 'dialling', attempts = attempts + 1, updated_at = ?
                WHERE id = ? AND state = 'claimed' AND lease_until >= ?
                RETURNING campaign_id, phone, attempts, retries, worker
                """, [.date(now), .int(queueID), .date(startedAt)], table: "queue").first else {
                throw StorageError.claimLost(queueID: queueID)
            }
            var record = call
            record.campaignID = try entry.int("campaign_id")
            record.phone = try entry.string("phone")
            record.retryCount = Int(try entry.int("retries"))
            record.startedAt = startedAt
            if record.status == .completed || record.status == .failed { record.status = .pending }
            let attempt = try entry.int("attempts")
            guard let id = try await tx.scalarInt("""
                INSERT INTO calls (call_uuid, campaign_id, queue_id, attempt, phone, first_name, status, started_at,
                                   answered_at, amd_result, transcriptions, intents, recording_path, transcript_path,
                                   notes, retry_count, worker, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', '[]', ?, NULL, ?, ?, ?, ?, ?) RETURNING id
                """, [.text(record.callUUID.description), .int(record.campaignID), .int(queueID), .int(attempt), .text(record.phone),
                      .text(record.firstName), .text(record.status.rawValue), .date(startedAt),
                      .optionalDate(record.answeredAt), .optionalText(record.amdResult?.seedName),
                      .optionalText(record.recordingPath), .text(record.notes), .int(record.retryCount),
                      .optionalText(try entry.optionalString("worker")), .date(now), .date(now)]) else {
                throw StorageError.queryFailed(sql: "INSERT INTO calls", reason: "no id returned")
            }
            record.callID = id
            try await tx.execute("UPDATE queue SET call_id = ? WHERE id = ?", [.int(id), .int(queueID)])
            try await tx.execute("UPDATE contacts SET attempts = attempts + 1, last_attempt_at = ?, updated_at = ? "
                                 + "WHERE phone = ?", [.date(startedAt), .date(now), .text(record.phone)])
            return record
        }
    }

    public func release(queueID: Int64, until: Date?, rule: ComplianceRule?) async throws {
        try await executor.execute("""
            UPDATE queue SET state = ?, due_at = ?, last_rule = ?, worker = NULL, lease_until = NULL, updated_at = ?
            WHERE id = ? AND state = 'claimed'
            """, [.text(until == nil ? QueueState.done.rawValue : QueueState.queued.rawValue), .optionalDate(until),
                  .optionalText(rule?.rawValue), .date(clock()), .int(queueID)])
    }

    public func finish(call: CallRecord, queueID: Int64, next: RetryDecision) async throws {
        let now = clock()
        try await executor.transaction { tx in
            // Queue row first, as `dial` and recovery lock it: no lock-order deadlock with a recovery.
            _ = try await tx.query("SELECT id FROM queue WHERE id = ?\(tx.dialect.rowLock)", [.int(queueID)], table: "queue")
            let sets = CallRecord.finishColumns.map { "\($0) = ?" }.joined(separator: ", ")
            guard let row = try await tx.query("""
                UPDATE calls SET \(sets), updated_at = ? WHERE call_uuid = ? RETURNING id, phone
                """, try call.finishBinds() + [.date(now), .text(call.callUUID.description)], table: "calls").first else {
                throw StorageError.notFound("call \(call.callUUID)")
            }
            let callID = try row.int("id")
            let applied = try await Self.applyDecision(next, queueID: queueID, callID: callID, now: now, tx: tx)
            if !applied, try await Self.reconcileRecovered(next, queueID: queueID, callID: callID, now: now, tx: tx) {
                logger.warning("call finished after its entry was recovered as interrupted; its real outcome replaced the recovery's",
                               metadata: ["call_uuid": "\(call.callUUID)", "queue_id": "\(queueID)"])
            }
            let phone = try row.string("phone")
            if let result = call.result {
                try await tx.execute("UPDATE contacts SET status = ?, updated_at = ? WHERE phone = ?",
                                     [.text(ContactStatus(lastResult: result).rawValue), .date(now), .text(phone)])
                if result == .optOut {
                    // Takes effect immediately, in the same transaction as the result.
                    try await tx.execute("INSERT INTO opt_outs (phone, added_at, source) VALUES (?, ?, ?) "
                                         + "ON CONFLICT (phone) DO NOTHING", [.text(phone), .date(now), .text("call \(callID)")])
                }
            }
        }
    }

    /// Moves a `dialling` entry on: back to `queued` (retry counts one more retry; a callback does not) or `done`.
    /// Returns false when the entry was not dialling this call (nothing changed).
    static func applyDecision(_ next: RetryDecision, queueID: Int64, callID: Int64, now: Date, tx: any SQLQuerying)
        async throws -> Bool {
        let state: QueueState, retryIncrement: Int
        switch next {
        case .retry: state = .queued; retryIncrement = 1
        case .callback: state = .queued; retryIncrement = 0
        case .final: state = .done; retryIncrement = 0
        }
        let rows = try await tx.query("""
            UPDATE queue SET state = ?, due_at = ?, retries = retries + ?, worker = NULL, lease_until = NULL,
                             call_id = NULL, updated_at = ?
            WHERE id = ? AND state = 'dialling' AND call_id = ? RETURNING id
            """, [.text(state.rawValue), .optionalDate(next.dueAt), .int(retryIncrement), .date(now), .int(queueID),
                  .int(callID)], table: "queue")
        return !rows.isEmpty
    }

    /// A call outlived its lease (its worker froze longer than a lease) and was closed as
    /// interrupted; it has now really ended. If nothing was dialled for the entry since, the
    /// call's own outcome replaces the recovery's decision: a lead is not called again, a retry
    /// counts once. Returns false when the entry moved on (a newer attempt exists).
    static func reconcileRecovered(_ next: RetryDecision, queueID: Int64, callID: Int64, now: Date,
                                   tx: any SQLQuerying) async throws -> Bool {
        guard let ours = try await tx.scalarInt("SELECT attempt AS a FROM calls WHERE id = ?", [.int(callID)]),
              let latest = try await tx.scalarInt("SELECT MAX(attempt) AS a FROM calls WHERE queue_id = ?", [.int(queueID)]),
              ours == latest,
              let entry = try await tx.query("""
                SELECT state, retries FROM queue WHERE id = ? AND state IN ('queued', 'done')\(tx.dialect.rowLock)
                """, [.int(queueID)], table: "queue").first else { return false }
        let recoveryRetried = try entry.string("state") == QueueState.queued.rawValue
        var retries = try entry.int("retries") - (recoveryRetried ? 1 : 0)
        let state: QueueState
        switch next {
        case .retry: state = .queued; retries += 1
        case .callback: state = .queued
        case .final: state = .done
        }
        try await tx.execute("""
            UPDATE queue SET state = ?, due_at = ?, retries = ?, worker = NULL, lease_until = NULL, call_id = NULL, updated_at = ?
            WHERE id = ?
            """, [.text(state.rawValue), .optionalDate(next.dueAt), .int(max(0, retries)), .date(now), .int(queueID)])
        return true
    }

    /// Extends the leases of everything `worker` holds (claimed or dialling); call it
    /// periodically while calls run so no other worker's recovery takes them. Returns the count.
    @discardableResult
    public func renewLeases(worker: String, until: Date) async throws -> Int {
        try await executor.query("""
            UPDATE queue SET lease_until = ? WHERE worker = ? AND state IN ('claimed', 'dialling') RETURNING id
            """, [.date(until), .text(worker)], table: "queue").count
    }

    public func activeCallCount(campaignID: Int64) async throws -> Int {
        Int(try await executor.scalarInt("SELECT COUNT(*) AS n FROM calls WHERE campaign_id = ? "
                                         + "AND status IN ('PENDING', 'IN_PROGRESS')", [.int(campaignID)]) ?? 0)
    }

    public func liveCallCount(campaignID: Int64) async throws -> Int {
        Int(try await executor.scalarInt("SELECT COUNT(*) AS n FROM queue WHERE campaign_id = ? AND state = 'dialling'",
                                         [.int(campaignID)]) ?? 0)
    }

    public func startedCallCount(campaignID: Int64) async throws -> Int {
        Int(try await executor.scalarInt("SELECT COUNT(*) AS n FROM calls WHERE campaign_id = ?", [.int(campaignID)]) ?? 0)
    }

    public func calls(campaignID: Int64) async throws -> [CallRecord] {
        try await calls(filter: CallFilter(campaignID: campaignID), limit: nil, offset: 0)
    }

    /// A page of calls, oldest first unless `newestFirst` (`GET /calls?campaign_id=…&order=desc&limit=…`).
    public func calls(filter: CallFilter, limit: Int?, offset: Int, newestFirst: Bool = false) async throws -> [CallRecord] {
        let (clause, binds) = filter.whereClause()
        var sql = "SELECT * FROM calls\(clause) ORDER BY id" + (newestFirst ? " DESC" : "")
        var all = binds
        if limit != nil || offset > 0 {
            sql += " LIMIT ? OFFSET ?"
            all += [.int(Int64(max(0, limit ?? Int.max))), .int(max(0, offset))]
        }
        return try await executor.query(sql, all, table: "calls").map { row throws(StorageError) in
            try CallRecord(row: row)
        }
    }

    public func callCount(filter: CallFilter) async throws -> Int {
        let (clause, binds) = filter.whereClause()
        return Int(try await executor.scalarInt("SELECT COUNT(*) AS n FROM calls\(clause)", binds) ?? 0)
    }

    public func call(id: Int64) async throws -> CallRecord? {
        try await executor.query("SELECT * FROM calls WHERE id = ?", [.int(id)], table: "calls")
            .first.map { row throws(StorageError) in try CallRecord(row: row) }
    }

    public func call(uuid: CallID) async throws -> CallRecord? {
        try await executor.query("SELECT * FROM calls WHERE call_uuid = ?", [.text(uuid.description)], table: "calls")
            .first.map { row throws(StorageError) in try CallRecord(row: row) }
    }

    /// Where the transcript JSON of a call was written (exports, `GET /calls/{id}/transcript`).
    public func setTranscriptPath(callID: Int64, path: String) async throws {
        try await executor.execute("UPDATE calls SET transcript_path = ?, updated_at = ? WHERE id = ?",
                                   [.text(path), .date(clock()), .int(callID)])
    }

    /// The earliest due time of a queued entry still in the future (the dispatcher's next wake-up).
    public func nextDueAt(campaignID: Int64, after now: Date) async throws -> Date? {
        try await executor.scalarInt("SELECT MIN(due_at) AS d FROM queue WHERE campaign_id = ? AND state = 'queued' "
                                     + "AND due_at > ?", [.int(campaignID), .date(now)]).map(SQLValue.date(millis:))
    }

    /// Entries per queue state (monitoring, and "is the campaign drained?").
    public func queueCounts(campaignID: Int64) async throws -> [QueueState: Int] {
        var counts: [QueueState: Int] = [:]
        for row in try await executor.query("SELECT state, COUNT(*) AS n FROM queue WHERE campaign_id = ? GROUP BY state",
                                            [.int(campaignID)], table: "queue") {
            counts[try row.enumValue("state", as: QueueState.self)] = Int(try row.int("n"))
        }
        return counts
    }
}
