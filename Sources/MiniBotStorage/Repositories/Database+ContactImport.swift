import Foundation
import MiniBotDialer

/// What storing an import did: contacts inserted or merged, and entries queued for the campaign.
public struct ContactImportOutcome: Hashable, Sendable {
    public var saved: ContactSaveSummary
    /// New queue entries (a phone already queued for the campaign is not queued twice).
    public var queued: Int

    public init(saved: ContactSaveSummary, queued: Int) {
        self.saved = saved
        self.queued = queued
    }
}

extension Database {
    /// Stores imported contacts and, with a campaign, queues them for it at the campaign's priority.
    ///
    /// Why here: `minibot contacts import --campaign` and `POST /campaigns` (CSV upload) must
    /// store an import the same way; parsing stays in `ContactImporter` (pure).
    ///
    /// ```swift
    /// let result = try ContactImporter().importContacts(from: bytes)
    /// let outcome = try await db.store(result.contacts, queueFor: campaign, at: Date())
    /// ```
    public func store(_ contacts: [Contact], queueFor campaign: Campaign?, at now: Date) async throws -> ContactImportOutcome {
        let saved = try await self.contacts.save(contacts)
        var queued = 0
        if let campaign {
            queued = try await campaigns.enqueue(campaignID: campaign.id, phones: contacts.map(\.phone),
                                                 priority: campaign.settings.priority, at: now)
        }
        return ContactImportOutcome(saved: saved, queued: queued)
    }
}
