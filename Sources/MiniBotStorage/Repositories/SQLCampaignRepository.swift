import Foundation
import MiniBotDialer

/// `CampaignRepository` over SQLite or PostgreSQL: campaigns (settings, compliance and
/// retry policy stored as JSON) and their dial queue.
///
/// Status changes are compare-and-set (`WHERE status = from`), so a pause from the API and
/// the dispatcher completing the campaign cannot both win. Running time excludes pauses:
/// `running_since` is stamped on entering `running` and folded into `running_ms` on leaving it.
///
/// ```swift
/// let campaign = try await db.campaigns.create(Campaign(id: 0, name: "Novembre", scenario: "rdv"))
/// _ = try await db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: now)
/// ```
public struct SQLCampaignRepository: CampaignRepository {
    let executor: any SQLExecutor
    let clock: @Sendable () -> Date

    public func create(_ campaign: Campaign) async throws -> Campaign {
        let now = clock()
        let created = campaign.createdAt ?? now
        let runningSince: Date? = campaign.status == .running ? (campaign.startedAt ?? now) : nil
        let id = try await executor.scalarInt("""
            INSERT INTO campaigns (name, scenario, status, settings, compliance, retry, created_at, started_at,
                                   ended_at, running_since, running_ms, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?) RETURNING id
            """, [.text(campaign.name), .text(campaign.scenario), .text(campaign.status.rawValue),
                  .text(try JSONText.encode(campaign.settings)), .text(try JSONText.encode(campaign.compliance)),
                  .text(try JSONText.encode(campaign.retry)), .date(created), .optionalDate(campaign.startedAt),
                  .optionalDate(campaign.endedAt), .optionalDate(runningSince), .date(now)])
        guard let id else { throw StorageError.queryFailed(sql: "INSERT INTO campaigns", reason: "no id returned") }
        var stored = campaign
        stored.id = id
        stored.createdAt = created
        return stored
    }

    public func campaign(id: Int64) async throws -> Campaign? {
        try await executor.query("SELECT * FROM campaigns WHERE id = ?", [.int(id)], table: "campaigns")
            .first.map { row throws(StorageError) in try Self.campaign(row) }
    }

    public func campaigns() async throws -> [Campaign] {
        try await executor.query("SELECT * FROM campaigns ORDER BY id", [], table: "campaigns")
            .map { row throws(StorageError) in try Self.campaign(row) }
    }

    /// Ids of the campaigns whose status is `running`, test calls left out (they belong to the worker
    /// whose API launched them): what every worker polls, twice a second, to join campaigns started
    /// anywhere, so it reads the running rows' settings only.
    public func runningCampaignIDs() async throws -> [Int64] {
        try await executor.query("SELECT id, settings FROM campaigns WHERE status = ? ORDER BY id",
                                 [.text(CampaignStatus.running.rawValue)], table: "campaigns")
            .compactMap { row throws(StorageError) in
                try row.json("settings", as: CampaignSettings.self).testMode ? nil : try row.int("id")
            }
    }

    static func campaign(_ row: SQLRow) throws(StorageError) -> Campaign {
        Campaign(id: try row.int("id"), name: try row.string("name"), scenario: try row.string("scenario"),
                 status: try row.enumValue("status", as: CampaignStatus.self),
                 settings: try row.json("settings", as: CampaignSettings.self),
                 compliance: try row.json("compliance", as: CompliancePolicy.self),
                 retry: try row.json("retry", as: RetryPolicy.self), createdAt: try row.optionalDate("created_at"),
                 startedAt: try row.optionalDate("started_at"), endedAt: try row.optionalDate("ended_at"))
    }

    public func updateStatus(id: Int64, from: CampaignStatus, to: CampaignStatus, at: Date) async throws {
        let ms = SQLValue.millis(at)
        let leavingRun = from == .running && to != .running
        let enteringRun = to == .running && from != .running
        let rows = try await executor.query("""
            UPDATE campaigns SET status = ?,
                started_at = CASE WHEN ? = 1 AND started_at IS NULL THEN ? ELSE started_at END,
                ended_at = CASE WHEN ? = 1 THEN ? ELSE ended_at END,
                running_ms = CASE WHEN ? = 1 AND running_since IS NOT NULL THEN running_ms + (? - running_since)
                                  ELSE running_ms END,
                running_since = CASE WHEN ? = 1 THEN ? WHEN ? = 1 THEN NULL ELSE running_since END,
                updated_at = ?
            WHERE id = ? AND status = ? RETURNING id
            """, [.text(to.rawValue), .bool(to == .running), .int(ms), .bool(to.isTerminal), .int(ms),
                  .bool(leavingRun), .int(ms), .bool(enteringRun), .int(ms), .bool(leavingRun),
                  .date(clock()), .int(id), .text(from.rawValue)], table: "campaigns")
        if rows.isEmpty {
            let actual = try await executor.query("SELECT status FROM campaigns WHERE id = ?", [.int(id)])
                .first.flatMap { try? $0.string("status") }
            throw StorageError.statusConflict(campaignID: id, expected: from.rawValue, actual: actual)
        }
        if executor.dialect.engine == .postgres {
            // Every worker LISTENs (see `Database.listenForCampaignChanges`): they react in milliseconds.
            _ = try? await executor.query("SELECT pg_notify(?, ?)", [.text(Self.changesChannel), .text(String(id))])
        }
    }

    /// The PostgreSQL channel campaign changes are announced on (payload: the campaign id).
    static let changesChannel = "minibot_campaigns"

    public func enqueue(campaignID: Int64, phones: [PhoneNumber], priority: Int, at: Date) async throws -> Int {
        guard !phones.isEmpty else { return 0 }
        let now = clock()
        return try await executor.transaction { tx in
            var added = 0
            var start = 0
            let batch = 2_000
            while start < phones.count {
                let end = min(start + batch, phones.count)
                var binds: [SQLValue] = []
                binds.reserveCapacity((end - start) * 6)
                for phone in phones[start..<end] {
                    binds += [.int(campaignID), .text(phone.e164), .int(priority), .date(at), .date(now), .date(now)]
                }
                let rows = try await tx.query("""
                    INSERT INTO queue (campaign_id, phone, priority, due_at, enqueued_at, updated_at)
                    VALUES \(SQLDialect.valuesList(rows: end - start, columns: 6))
                    ON CONFLICT (campaign_id, phone) DO NOTHING RETURNING id
                    """, binds, table: "queue")
                added += rows.count
                start = end
            }
            return added
        }
    }

    public func stats(campaignID: Int64, now: Date) async throws -> CampaignStats {
        guard let row = try await executor.query("SELECT * FROM campaigns WHERE id = ?", [.int(campaignID)],
                                                 table: "campaigns").first else {
            throw StorageError.notFound("campaign \(campaignID)")
        }
        let campaign = try Self.campaign(row)
        var stats = CampaignStats(campaignID: campaignID, name: campaign.name, scenario: campaign.scenario,
                                  status: campaign.status, startedAt: campaign.startedAt)
        var runningMs = try row.int("running_ms")
        if let since = try row.optionalInt("running_since") { runningMs += max(0, SQLValue.millis(now) - since) }
        stats.runningSeconds = Double(runningMs) / 1000
        for q in try await executor.query("SELECT state, COUNT(*) AS n FROM queue WHERE campaign_id = ? GROUP BY state",
                                          [.int(campaignID)], table: "queue") {
            let n = Int(try q.int("n"))
            stats.totalContacts += n
            switch try q.string("state") {
            case QueueState.queued.rawValue, QueueState.claimed.rawValue: stats.pending += n
            default: break
            }
        }
        var durationSum = 0.0, durationCount = 0
        for c in try await executor.query("""
            SELECT status, result, sentiment, COUNT(*) AS n, COUNT(duration_seconds) AS nd,
                   CAST(COALESCE(SUM(duration_seconds), 0) AS DOUBLE PRECISION) AS sd
            FROM calls WHERE campaign_id = ? GROUP BY status, result, sentiment
            """, [.int(campaignID)], table: "calls") {
            let n = Int(try c.int("n"))
            switch try c.enumValue("status", as: CallStatus.self) {
            case .inProgress: stats.inProgress += n
            case .pending: break
            case .completed, .failed:
                stats.completed += n
                if let result = try c.optionalEnum("result", as: CallResult.self) { stats.results[result, default: 0] += n }
                if let s = try c.optionalParsed("sentiment", as: Sentiment.self, Sentiment.init(seedName:)) { stats.sentiments[s, default: 0] += n }
                durationSum += try c.double("sd")
                durationCount += Int(try c.int("nd"))
            }
        }
        stats.averageDurationSeconds = durationCount > 0 ? durationSum / Double(durationCount) : 0
        return stats
    }
}

/// Where a queue entry is in its life. `claimed`: a worker holds it under a lease and has
/// not dialled yet; `dialling`: the call record exists and the PBX may be ringing.
public enum QueueState: String, Hashable, Sendable, CaseIterable {
    case queued, claimed, dialling, done
}
