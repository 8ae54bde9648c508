import Foundation
import MiniBotDialer

extension SQLCallRepository {
    /// The cluster-wide checks of `dial`, inside its transaction: campaign row locked (cap and
    /// throttle see every worker's dials in order), then the contact row (a phone number shared
    /// by two campaigns is dialled by one of them at a time), then the legal rules on the
    /// contact's history as committed by every worker.
    static func verify(_ checks: DialChecks, campaignID: Int64, phone: String, at now: Date,
                       tx: any SQLQuerying) async throws {
        if checks.campaignCap != nil || checks.callsPerMinute != nil {
            _ = try await tx.query("SELECT id FROM campaigns WHERE id = ?\(tx.dialect.rowLock)", [.int(campaignID)],
                                   table: "campaigns")
        }
        if let cap = checks.campaignCap {
            let live = try await tx.scalarInt("SELECT COUNT(*) AS n FROM queue WHERE campaign_id = ? AND state = 'dialling'",
                                              [.int(campaignID)]) ?? 0
            if live >= cap { throw DialRefusal.campaignFull(retryAt: now.addingTimeInterval(1)) }
        }
        if let perMinute = checks.callsPerMinute, perMinute >= 1 {
            // The budget is spent when the window already holds `perMinute` starts; the oldest of the
            // last `perMinute` leaves the window first. One indexed row, however busy the campaign.
            let budget = Int(perMinute.rounded(.down))
            if let row = try await tx.query("""
                SELECT started_at FROM calls WHERE campaign_id = ? AND started_at > ?
                ORDER BY started_at DESC LIMIT 1 OFFSET ?
                """, [.int(campaignID), .date(now.addingTimeInterval(-60)), .int(budget - 1)], table: "calls").first {
                throw DialRefusal.throttled(until: try row.date("started_at").addingTimeInterval(60))
            }
        }
        // One read of the contact, locked: the lock serialises its dials across campaigns, the row feeds the rules.
        let row = try await tx.query("SELECT * FROM contacts WHERE phone = ?\(tx.dialect.rowLock)", [.text(phone)],
                                     table: "contacts").first
        let live = try await tx.scalarInt("""
            SELECT COUNT(*) AS n FROM calls WHERE phone = ? AND status IN ('PENDING', 'IN_PROGRESS')
            """, [.text(phone)]) ?? 0
        if live > 0 { throw DialRefusal.contactInCall(retryAt: now.addingTimeInterval(60)) }
        guard let policy = checks.compliance, let row else { return }
        let contact = try Contact(row: row)
        let lookbackDays = max(policy.capPeriodDays, policy.refusalCooldownDays ?? 0) + 1
        let histories = try await SQLContactRepository.histories(
            phones: [phone], since: now.addingTimeInterval(-Double(lookbackDays) * 86_400), tx: tx)
        let decision = ComplianceRules(policy: policy).evaluate(contact: contact, history: histories[phone] ?? .none, now: now)
        if !decision.isAllowed { throw DialRefusal.compliance(decision) }
    }
}
