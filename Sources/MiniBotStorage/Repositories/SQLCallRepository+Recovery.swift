import Foundation
import MiniBotDialer

extension SQLCallRepository {
    /// Repairs what a crashed, killed or frozen worker left: entries whose lease ran out before
    /// `now`, whoever held them. Run at start-up and periodically by every dispatcher, so a dead
    /// worker's calls are closed within one lease by whoever is still alive.
    ///
    /// Rules (SPEC F3, "no contact lost, none dialled twice"):
    /// - `claimed` entries: back to `queued`, due as before. They were never dialled (the call
    ///   record is written before originate), so nothing is repeated.
    /// - `dialling` entries: the worker died mid-call. Their call record is closed as `FAILED` /
    ///   result `failed` / hangup reason "interrupted" (ended at `now`); the campaign's
    ///   `RetryPolicy` then decides as for any failed call: a retry is a NEW attempt (a new call
    ///   row later, `retries` + 1), otherwise the entry is `done`.
    ///
    /// Never by worker name: two processes may share a name (same host, fixed container
    /// hostname, a restart overlapping a stop), and a live worker renews its leases
    /// (`renewLeases`) long before they end, so its calls are never taken.
    ///
    /// ```swift
    /// let report = try await db.calls.recoverExpiredLeases(now: Date())
    /// ```
    ///
    /// Locks: queue row, then call row, then contact (as `finish` and `dial` do), so a late
    /// `finish` racing this recovery waits instead of deadlocking.
    /// - Parameter campaignID: only that campaign's entries (a dispatcher repairs the campaign it
    ///   dials); nil = every campaign (a worker starting up).
    @discardableResult
    public func recoverExpiredLeases(now: Date, campaignID: Int64? = nil) async throws -> RecoveryReport {
        if let campaignID {
            return try await recover(condition: "lease_until < ? AND campaign_id = ?", binds: [.date(now), .int(campaignID)], now: now)
        }
        return try await recover(condition: "lease_until < ?", binds: [.date(now)], now: now)
    }

    /// Closes `worker`'s own live calls as interrupted and requeues its unused claims: the worker
    /// itself does this at its shutdown deadline, for calls that did not finish in the grace period.
    @discardableResult
    public func closeInterrupted(worker: String, now: Date) async throws -> RecoveryReport {
        try await recover(condition: "worker = ?", binds: [.text(worker)], now: now)
    }

    private func recover(condition: String, binds: [SQLValue], now: Date) async throws -> RecoveryReport {
        try await executor.transaction { tx in
            var report = RecoveryReport()
            report.requeued = try await tx.query("""
                UPDATE queue SET state = 'queued', worker = NULL, lease_until = NULL, updated_at = ?
                WHERE state = 'claimed' AND \(condition) RETURNING id
                """, [.date(now)] + binds, table: "queue").count
            let stuck = try await tx.query("""
                SELECT id, campaign_id, call_id, retries, phone FROM queue
                WHERE state = 'dialling' AND \(condition) ORDER BY id\(tx.dialect.claimLock)
                """, binds, table: "queue")
            var policies: [Int64: RetryPolicy] = [:]
            for entry in stuck {
                let queueID = try entry.int("id")
                let campaignID = try entry.int("campaign_id")
                if policies[campaignID] == nil {
                    let row = try await tx.query("SELECT retry FROM campaigns WHERE id = ?", [.int(campaignID)],
                                                 table: "campaigns").first
                    policies[campaignID] = try row?.json("retry", as: RetryPolicy.self) ?? RetryPolicy()
                }
                let decision = (policies[campaignID] ?? RetryPolicy())
                    .decide(result: .failed, retriesSoFar: Int(try entry.int("retries")), endedAt: now)
                if let callID = try entry.optionalInt("call_id") {
                    try await tx.execute("""
                        UPDATE calls SET status = 'FAILED', result = 'failed', hangup_reason = 'interrupted',
                                         ended_at = ?, updated_at = ?
                        WHERE id = ? AND status IN ('PENDING', 'IN_PROGRESS')
                        """, [.date(now), .date(now), .int(callID)])
                    _ = try await Self.applyDecision(decision, queueID: queueID, callID: callID, now: now, tx: tx)
                } else {
                    // No call row (cannot happen through `dial`, which writes both at once): just finish the entry.
                    try await tx.execute("UPDATE queue SET state = 'done', worker = NULL, lease_until = NULL WHERE id = ?",
                                         [.int(queueID)])
                }
                try await tx.execute("UPDATE contacts SET status = 'failed', updated_at = ? WHERE phone = ?",
                                     [.date(now), .text(try entry.string("phone"))])
                report.interrupted += 1
                if case .retry = decision { report.retriesScheduled += 1 }
            }
            return report
        }
    }
}
