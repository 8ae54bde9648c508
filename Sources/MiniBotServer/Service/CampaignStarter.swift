import Foundation
import MiniBotDialer
import MiniBotStorage

/// Moves a campaign to running, filling its queue from the selection on first launch: shared
/// by `campaign launch`, `call test`, `demo` and the service's ``CampaignDialingService``.
public enum CampaignStarter {
    public enum StartError: Error, CustomStringConvertible {
        case finished(Int64, CampaignStatus)
        public var description: String {
            switch self {
            case .finished(let id, let status): "campaign \(id) is \(status.rawValue): nothing to launch"
            }
        }
    }

    /// Returns how many contacts were queued now (0 when the queue already existed).
    @discardableResult
    public static func prepare(_ campaign: Campaign, in db: Database, now: Date = Date()) async throws -> Int {
        switch campaign.status {
        case .completed, .cancelled: throw StartError.finished(campaign.id, campaign.status)
        case .pending, .paused, .running: break
        }
        let stats = try await db.campaigns.stats(campaignID: campaign.id, now: now)
        var added = 0
        if stats.totalContacts == 0 {
            var phones: [PhoneNumber] = []
            var after: Int64 = 0
            while true {
                let page = try await db.contacts.storedContacts(matching: campaign.settings.selection, afterID: after, limit: 5_000)
                guard let last = page.last else { break }
                after = last.id
                phones += page.map(\.contact.phone)
            }
            if let limit = campaign.settings.selection.limit { phones = Array(phones.prefix(limit)) }
            added = try await db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: campaign.settings.priority, at: now)
        }
        if campaign.status != .running {
            var started = campaign
            try started.apply(campaign.status == .pending ? .start : .resume, at: now)
            do {
                try await db.campaigns.updateStatus(id: campaign.id, from: campaign.status, to: started.status, at: now)
            } catch StorageError.statusConflict(_, _, let actual) where actual == CampaignStatus.running.rawValue {
                // Another worker started it a moment ago: join it as one more worker.
            }
        }
        return added
    }
}
