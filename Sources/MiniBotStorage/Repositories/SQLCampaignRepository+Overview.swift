import Foundation
import MiniBotDialer

/// What an operator needs to understand a campaign that looks stuck ("running 30/30"): entries
/// waiting for a retry, when the next one is due, and the compliance refusals per rule (issue 16).
public struct CampaignQueueOverview: Sendable, Equatable {
    /// Queued entries that were already tried (waiting for their retry).
    public var queuedRetries = 0
    /// Queued entries not due yet (retry delay or a rule's next allowed time).
    public var waiting = 0
    /// The earliest future due time among queued entries.
    public var nextDueAt: Date?
    /// Refused compliance checks per rule (`calling_hours`, `opposition_list`…), counted once per contact.
    public var refusalsByRule: [String: Int] = [:]

    public init() {}
}

extension SQLCampaignRepository {
    /// The campaign's queue and compliance picture at `now`.
    public func overview(campaignID: Int64, now: Date) async throws -> CampaignQueueOverview {
        var overview = CampaignQueueOverview()
        let nowMs = SQLValue.millis(now)
        if let row = try await executor.query("""
            SELECT CAST(COALESCE(SUM(CASE WHEN retries > 0 OR attempts > 0 THEN 1 ELSE 0 END), 0) AS BIGINT) AS r,
                   CAST(COALESCE(SUM(CASE WHEN due_at > ? THEN 1 ELSE 0 END), 0) AS BIGINT) AS w,
                   MIN(CASE WHEN due_at > ? THEN due_at END) AS d
            FROM queue WHERE campaign_id = ? AND state = 'queued'
            """, [.int(nowMs), .int(nowMs), .int(campaignID)], table: "queue").first {
            overview.queuedRetries = Int(try row.int("r"))
            overview.waiting = Int(try row.int("w"))
            overview.nextDueAt = try row.optionalDate("d")
        }
        for row in try await executor.query("""
            SELECT rule, COUNT(DISTINCT phone) AS n FROM compliance_log
            WHERE campaign_id = ? AND allowed = 0 AND rule IS NOT NULL GROUP BY rule
            """, [.int(campaignID)], table: "compliance_log") {
            overview.refusalsByRule[try row.string("rule")] = Int(try row.int("n"))
        }
        return overview
    }
}

extension SQLContactRepository {
    /// Stored contacts by id (`POST /campaigns` with `contact_ids`); unknown ids are simply absent.
    public func contacts(ids: [Int64]) async throws -> [StoredContact] {
        var found: [StoredContact] = []
        var start = 0
        while start < ids.count {
            let batch = Array(ids[start..<min(ids.count, start + 500)])
            let marks = Array(repeating: "?", count: batch.count).joined(separator: ", ")
            found += try await executor.query("SELECT * FROM contacts WHERE id IN (\(marks)) ORDER BY id",
                                              batch.map { .int($0) }, table: "contacts")
                .map { row throws(StorageError) in try StoredContact(row: row) }
            start += batch.count
        }
        return found
    }
}
