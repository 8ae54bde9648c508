import Foundation

/// An outbound campaign: which scenario to play to which contacts, how fast, under which rules.
///
/// ```swift
/// var campaign = Campaign(id: 1, name: "Test Novembre", scenario: "rdv_energie")
/// try campaign.apply(.start, at: now)    // pending → running
/// ```
public struct Campaign: Hashable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var scenario: String
    public var status: CampaignStatus
    public var settings: CampaignSettings
    public var compliance: CompliancePolicy
    public var retry: RetryPolicy
    public var createdAt: Date?
    public var startedAt: Date?
    public var endedAt: Date?

    public init(id: Int64, name: String, scenario: String, status: CampaignStatus = .pending,
                settings: CampaignSettings = CampaignSettings(), compliance: CompliancePolicy = .france,
                retry: RetryPolicy = RetryPolicy(), createdAt: Date? = nil, startedAt: Date? = nil, endedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.scenario = scenario
        self.status = status
        self.settings = settings
        self.compliance = compliance
        self.retry = retry
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }

    /// Applies a lifecycle event, stamping `startedAt` / `endedAt`; throws on an illegal transition.
    public mutating func apply(_ event: CampaignEvent, at now: Date) throws(CampaignTransitionError) {
        let next = try status.applying(event)
        if event == .start { startedAt = now }
        if next.isTerminal { endedAt = now }
        status = next
    }
}

/// Pacing and selection knobs (seed 000 §6, seed 002's batch caller, SPEC F2).
public struct CampaignSettings: Hashable, Sendable, Codable {
    /// Simultaneous calls at most (MAX_CONCURRENT_CALLS).
    public var maxConcurrentCalls: Int
    /// Calls started per minute at most; nil = only concurrency and delay limit.
    public var callsPerMinute: Double?
    /// Minimum seconds between two call starts (DELAY_BETWEEN_CALLS).
    public var delayBetweenCalls: TimeInterval
    /// Higher runs first when several campaigns share the dialer.
    public var priority: Int
    public var selection: ContactSelection
    /// Place exactly one call then stop (seed `--test-mode`).
    public var testMode: Bool

    public init(maxConcurrentCalls: Int = 10, callsPerMinute: Double? = nil, delayBetweenCalls: TimeInterval = 2,
                priority: Int = 0, selection: ContactSelection = ContactSelection(), testMode: Bool = false) {
        self.maxConcurrentCalls = maxConcurrentCalls
        self.callsPerMinute = callsPerMinute
        self.delayBetweenCalls = delayBetweenCalls
        self.priority = priority
        self.selection = selection
        self.testMode = testMode
    }

    enum CodingKeys: String, CodingKey {
        case maxConcurrentCalls = "max_concurrent_calls", callsPerMinute = "calls_per_minute"
        case delayBetweenCalls = "delay_between_calls", priority, selection, testMode = "test_mode"
    }
}

/// Which contacts a campaign takes (seed 002: `--status No_answer --limit 500`).
public struct ContactSelection: Hashable, Sendable, Codable {
    /// Nil = all; otherwise only contacts whose current status is listed.
    public var statuses: Set<ContactStatus>?
    /// At most this many contacts.
    public var limit: Int?

    public init(statuses: Set<ContactStatus>? = nil, limit: Int? = nil) {
        self.statuses = statuses
        self.limit = limit
    }

    public func matches(_ status: ContactStatus) -> Bool { statuses?.contains(status) ?? true }

    /// Keeps matching items in order, up to `limit`.
    public func apply<T>(to items: [T], status: (T) -> ContactStatus) -> [T] {
        var kept: [T] = []
        for item in items where matches(status(item)) {
            if let limit, kept.count >= limit { break }
            kept.append(item)
        }
        return kept
    }
}

/// A contact's standing across campaigns: never called, or its last call's result.
public enum ContactStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case new
    case lead, notInterested = "not_interested", callback, noAnswer = "no_answer"
    case answeringMachine = "answering_machine", busy, failed, optOut = "opt_out", invalidNumber = "invalid_number"
    case transferred

    public init(lastResult: CallResult?) {
        self = lastResult.flatMap { ContactStatus(rawValue: $0.rawValue) } ?? .new
    }
}
