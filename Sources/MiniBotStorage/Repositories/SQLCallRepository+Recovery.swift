import Foundation
import MiniBotDialer

extension SQLCallRepository {
    /// Repairs what a crash or `kill -9` left, at worker start-up, in one transaction.
    ///
    /// Rules (SPEC F3, "no contact lost, none dialled twice"):
    /// - `claimed` entries whose lease ended before `now`, or held by `worker` (this worker
    ///   restarting under its stable name): back to `queued`, due as before. They were never
    ///   dialled (the call record is written before originate), so nothing is repeated.
    /// - `dialling` entries under the same condition: the process died mid-call. Their call
    ///   record is closed as `FAILED` / result `failed` / hangup reason "interrupted" (ended at
    ///   `now`); the campaign's `RetryPolicy` then decides as for any failed call: a retry is
    ///   a NEW attempt (a new call row later, `retries` + 1), otherwise the entry is `done`.
    ///   Nothing is ever dialled again just because it was interrupted.
    /// Live workers must renew their leases (`renewLeases`) so another worker's recovery
    /// never touches their calls.
    ///
    /// ```swift
    /// let report = try await db.calls.recoverInterrupted(now: Date(), worker: hostName)
    /// ```
    @discardableResult
    public func recoverInterrupted(now: Date, worker: String? = nil) async throws -> RecoveryReport {
        try await executor.transaction { tx in
            var report = RecoveryReport()
            let owner: SQLValue = worker.map { .text($0) } ?? .null
            report.requeued = try await tx.query("""
                UPDATE queue SET state = 'queued', worker = NULL, lease_until = NULL, updated_at = ?
                WHERE state = 'claimed' AND (lease_until < ? OR worker = ?) RETURNING id
                """, [.date(now), .date(now), owner], table: "queue").count
            let stuck = try await tx.query("""
                SELECT id, campaign_id, call_id, retries, phone FROM queue
                WHERE state = 'dialling' AND (lease_until < ? OR worker = ?) ORDER BY id\(tx.dialect.claimLock)
                """, [.date(now), owner], table: "queue")
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
