import Foundation
import MiniBotDialer

/// `OptOutRepository` over SQLite or PostgreSQL: `opt_outs` (permanent, global) and
/// `opposition_list` (Bloctel, replaced wholesale in one transaction at each import).
///
/// ```swift
/// try await db.optOuts.addOptOut(phone, at: now, source: "call 42")
/// let stored = try await db.optOuts.replaceOppositionList(bloctel, importedAt: now)
/// ```
public struct SQLOptOutRepository: OptOutRepository {
    let executor: any SQLExecutor

    public func isOptedOut(_ phone: PhoneNumber) async throws -> Bool {
        try await executor.scalarInt("SELECT COUNT(*) AS n FROM opt_outs WHERE phone = ?", [.text(phone.e164)]) ?? 0 > 0
    }

    public func isOnOppositionList(_ phone: PhoneNumber) async throws -> Bool {
        try await executor.scalarInt("SELECT COUNT(*) AS n FROM opposition_list WHERE phone = ?",
                                     [.text(phone.e164)]) ?? 0 > 0
    }

    public func addOptOut(_ phone: PhoneNumber, at: Date, source: String) async throws {
        try await executor.execute("INSERT INTO opt_outs (phone, added_at, source) VALUES (?, ?, ?) "
                                   + "ON CONFLICT (phone) DO NOTHING", [.text(phone.e164), .date(at), .text(source)])
    }

    public func replaceOppositionList(_ phones: [PhoneNumber], importedAt: Date) async throws -> Int {
        try await executor.transaction { tx in
            try await tx.execute("DELETE FROM opposition_list")
            var start = 0
            let batch = 5_000
            while start < phones.count {
                let end = min(start + batch, phones.count)
                var binds: [SQLValue] = []
                binds.reserveCapacity((end - start) * 2)
                for phone in phones[start..<end] { binds += [.text(phone.e164), .date(importedAt)] }
                try await tx.execute("INSERT INTO opposition_list (phone, imported_at) VALUES "
                                     + SQLDialect.valuesList(rows: end - start, columns: 2)
                                     + " ON CONFLICT (phone) DO NOTHING", binds)
                start = end
            }
            return Int(try await tx.scalarInt("SELECT COUNT(*) AS n FROM opposition_list") ?? 0)
        }
    }
}

/// `ComplianceLog` over SQLite or PostgreSQL: one row per check, batched inserts.
///
/// ```swift
/// try await db.complianceLog.record(plan.complianceEntries(campaignID: 1, at: now))
/// ```
public struct SQLComplianceLog: ComplianceLog {
    let executor: any SQLExecutor

    public func record(_ entries: [ComplianceLogEntry]) async throws {
        guard !entries.isEmpty else { return }
        try await executor.transaction { tx in
            var start = 0
            let batch = 2_000
            while start < entries.count {
                let end = min(start + batch, entries.count)
                var binds: [SQLValue] = []
                binds.reserveCapacity((end - start) * 7)
                for e in entries[start..<end] {
                    binds += [.date(e.at), .int(e.campaignID), .text(e.phone), .bool(e.allowed),
                              .optionalText(e.rule?.rawValue), .optionalText(e.reason), .optionalDate(e.nextAllowed)]
                }
                try await tx.execute("INSERT INTO compliance_log (at, campaign_id, phone, allowed, rule, reason, "
                                     + "next_allowed) VALUES " + SQLDialect.valuesList(rows: end - start, columns: 7), binds)
                start = end
            }
        }
    }

    /// Journal lines of a campaign, oldest first (audit export).
    public func entries(campaignID: Int64, limit: Int, offset: Int) async throws -> [ComplianceLogEntry] {
        try await executor.query("SELECT * FROM compliance_log WHERE campaign_id = ? ORDER BY id LIMIT ? OFFSET ?",
                                 [.int(campaignID), .int(limit), .int(offset)], table: "compliance_log")
            .map { row throws(StorageError) in
                let rule = try row.optionalEnum("rule", as: ComplianceRule.self)
                let decision: ComplianceDecision = try row.int("allowed") != 0
                    ? .allowed
                    : .refused(rule: rule ?? .callingHours, reason: try row.optionalString("reason") ?? "",
                               nextAllowed: try row.optionalDate("next_allowed"))
                return ComplianceLogEntry(at: try row.date("at"), campaignID: try row.int("campaign_id"),
                                          phone: try row.string("phone"), decision: decision)
            }
    }
}
