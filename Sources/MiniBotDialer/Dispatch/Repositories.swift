import Foundation

// Storage seams of the dialer. The rules above are pure; these protocols are what the
// SQLite/PostgreSQL layer (MiniBotStorage) implements and what the service shell calls,
// so the dispatcher can be tested against in-memory fakes (MiniBotTestKit).

/// Contacts and their call history, keyed by E.164 number.
///
/// Why a separate repository: contacts outlive campaigns (the legal cap and cooldown are
/// per person across campaigns), and a 1M-row import needs a bulk path.
public protocol ContactRepository: Sendable {
    /// Inserts new contacts and fills blanks of existing ones (same merge as the importer), in one transaction.
    func save(_ contacts: [Contact]) async throws -> ContactSaveSummary
    func contact(phone: PhoneNumber) async throws -> Contact?
    /// Contacts whose status matches, in import order (for `contacts export --status` and campaign selection).
    func contacts(matching selection: ContactSelection, offset: Int) async throws -> [Contact]
    /// Attempts since `since` plus opt-out/opposition flags, everything `ComplianceRules` needs.
    func history(phone: PhoneNumber, since: Date) async throws -> ContactHistory
}

/// How many rows a `ContactRepository.save` inserted and updated.
public struct ContactSaveSummary: Hashable, Sendable, Codable {
    public var inserted: Int
    public var updated: Int

    public init(inserted: Int, updated: Int) {
        self.inserted = inserted
        self.updated = updated
    }
}

/// Campaign definitions, lifecycle and their contact queue.
///
/// Why: status changes (pause from the API while a worker dials) must be durable and
/// seen by every worker; the queue is filled once from the selection at launch.
public protocol CampaignRepository: Sendable {
    /// Stores a new campaign and returns it with its assigned id.
    func create(_ campaign: Campaign) async throws -> Campaign
    func campaign(id: Int64) async throws -> Campaign?
    func campaigns() async throws -> [Campaign]
    /// Persists a transition made with `Campaign.apply(_:at:)`; fails if another writer changed the status first.
    func updateStatus(id: Int64, from: CampaignStatus, to: CampaignStatus, at: Date) async throws
    /// Queues contacts for the campaign (idempotent per phone); returns how many were added.
    func enqueue(campaignID: Int64, phones: [PhoneNumber], priority: Int, at: Date) async throws -> Int
    /// Counters for the monitor screen and the summary export.
    func stats(campaignID: Int64, now: Date) async throws -> CampaignStats
}

/// The durable dial queue and per-call records (SPEC F3).
///
/// Why claims and leases: after a crash or `kill -9` no contact may be lost or dialled
/// twice, and several workers may share PostgreSQL. A claim (`FOR UPDATE SKIP LOCKED`)
/// hands each queue entry to one worker with a lease; an expired lease returns it.
public protocol CallRepository: Sendable {
    /// Claims up to `limit` due entries for `worker`, with histories filled in.
    func claimCandidates(campaignID: Int64, worker: String, limit: Int, leaseUntil: Date, now: Date)
        async throws -> [DialCandidate]
    /// Records that the entry is being dialled (the call record is created before originate).
    func markDialling(queueID: Int64, call: CallRecord) async throws
    /// `markDialling` returning the stored record with its assigned `callID`; throws when the
    /// claim was lost (lease expired, another worker owns it): then the call must not be placed.
    /// `checks` are re-verified in the same transaction, under a lock on the campaign and the
    /// contact (throws `DialRefusal`: release the claim then).
    func dial(queueID: Int64, call: CallRecord, checks: DialChecks) async throws -> CallRecord
    /// Extends the leases of this worker's claimed and dialling entries, so no other worker's
    /// recovery mistakes live calls for a crashed worker's.
    @discardableResult func renewLeases(worker: String, until: Date) async throws -> Int
    /// Repairs entries whose lease ran out before `now` (their worker died or froze): claims go
    /// back to the queue, interrupted calls are closed as failed and follow the retry policy.
    /// Never touches an entry whose lease is still running, whoever holds it.
    /// `campaignID` limits it to one campaign (nil: all).
    @discardableResult func recoverExpiredLeases(now: Date, campaignID: Int64?) async throws -> RecoveryReport
    /// Closes `worker`'s own live calls as interrupted (its shutdown deadline passed with calls
    /// still live) and returns its unused claims to the queue.
    @discardableResult func closeInterrupted(worker: String, now: Date) async throws -> RecoveryReport
    /// Gives a claimed entry back: due again at `until` (nil = drop it from the campaign), with the rule that refused it.
    func release(queueID: Int64, until: Date?, rule: ComplianceRule?) async throws
    /// Stores the finished call and applies the retry decision to its queue entry, atomically.
    func finish(call: CallRecord, queueID: Int64, next: RetryDecision) async throws
    /// The earliest due time of a queued entry after `now` (a retry, a callback), so an idle
    /// dispatcher sleeps until then instead of polling.
    func nextDueAt(campaignID: Int64, after now: Date) async throws -> Date?
    func activeCallCount(campaignID: Int64) async throws -> Int
    func startedCallCount(campaignID: Int64) async throws -> Int
    /// Entries of the campaign being dialled now, by every worker (the campaign-wide cap).
    func liveCallCount(campaignID: Int64) async throws -> Int
    func calls(campaignID: Int64) async throws -> [CallRecord]
}

/// The do-not-call list (opt-outs said during calls or added by hand) and the national
/// opposition list (Bloctel file imports).
///
/// Why separate: an opt-out is permanent and global (never per campaign), must take
/// effect immediately, and the Bloctel list is replaced wholesale at each import.
public protocol OptOutRepository: Sendable {
    func isOptedOut(_ phone: PhoneNumber) async throws -> Bool
    func isOnOppositionList(_ phone: PhoneNumber) async throws -> Bool
    func addOptOut(_ phone: PhoneNumber, at: Date, source: String) async throws
    /// Replaces the opposition list; returns the number of entries stored.
    func replaceOppositionList(_ phones: [PhoneNumber], importedAt: Date) async throws -> Int
}

/// The compliance journal: every check the dialer made, allowed or refused (SPEC F5
/// "every check is logged"), kept as evidence for a CNIL/DGCCRF audit.
public protocol ComplianceLog: Sendable {
    func record(_ entries: [ComplianceLogEntry]) async throws
}

/// One line of the compliance journal.
public struct ComplianceLogEntry: Hashable, Sendable, Codable {
    public var at: Date
    public var campaignID: Int64
    public var phone: String
    public var allowed: Bool
    public var rule: ComplianceRule?
    public var reason: String?
    public var nextAllowed: Date?

    public init(at: Date, campaignID: Int64, phone: String, decision: ComplianceDecision) {
        self.at = at
        self.campaignID = campaignID
        self.phone = phone
        allowed = decision.isAllowed
        rule = decision.rule
        reason = decision.reason
        nextAllowed = decision.nextAllowed
    }
}

extension CallRepository {
    /// `dial` with no re-check beyond the claim itself.
    public func dial(queueID: Int64, call: CallRecord) async throws -> CallRecord {
        try await dial(queueID: queueID, call: call, checks: .none)
    }
}
