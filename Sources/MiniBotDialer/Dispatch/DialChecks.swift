import Foundation

/// What `CallRepository.dial` checks again inside the one transaction that turns a claim into a
/// call, with every worker's writes visible.
///
/// Why: a dispatcher plans on a snapshot (the claim's history, its own count of live calls). With
/// several workers on one PostgreSQL, two of them can plan the same instant: two campaigns holding
/// one phone number, or two workers each seeing one free slot of a campaign. Re-checking under a
/// lock on the campaign and on the contact makes the legal rules and the campaign-wide limits hold
/// for the whole cluster, not per process.
///
/// ```swift
/// let checks = DialChecks(compliance: campaign.compliance, campaignCap: 20, callsPerMinute: 30)
/// let record = try await calls.dial(queueID: id, call: draft, checks: checks)   // throws DialRefusal
/// ```
public struct DialChecks: Sendable {
    /// Re-evaluated on the contact's fresh history (frequency cap, refusal cool-down, opt-out,
    /// opposition list, calling hours); nil skips the legal re-check (tests of the queue alone).
    public var compliance: CompliancePolicy?
    /// Most calls of the campaign live at once across every worker; nil = no campaign-wide cap.
    public var campaignCap: Int?
    /// Most call starts of the campaign in any 60 s across every worker; nil = no throttle.
    public var callsPerMinute: Double?

    public init(compliance: CompliancePolicy? = nil, campaignCap: Int? = nil, callsPerMinute: Double? = nil) {
        self.compliance = compliance
        self.campaignCap = campaignCap
        self.callsPerMinute = callsPerMinute.flatMap { $0 > 0 ? $0 : nil }
    }

    /// No re-check beyond the claim itself.
    public static let none = DialChecks()
}

/// Why `dial` refused to turn a claim into a call; the claim is still held, so the caller
/// releases it (`CallRepository.release`) with the due time given here.
public enum DialRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    /// A legal rule forbids the call now (`nextAllowed` nil = never for this campaign).
    case compliance(ComplianceDecision)
    /// The contact is in a live call right now (another campaign or another worker).
    case contactInCall(retryAt: Date)
    /// The campaign already has `campaignCap` live calls across all workers.
    case campaignFull(retryAt: Date)
    /// The campaign started `callsPerMinute` calls in the last minute across all workers.
    case throttled(until: Date)

    /// When the entry may be tried again; nil = drop it from the campaign.
    public var retryAt: Date? {
        switch self {
        case .compliance(let decision): decision.rule?.isPermanent == true ? nil : decision.nextAllowed
        case .contactInCall(let at), .campaignFull(let at), .throttled(let at): at
        }
    }

    public var description: String {
        switch self {
        case .compliance(let decision): "compliance: \(decision.reason ?? decision.rule?.rawValue ?? "refused")"
        case .contactInCall: "the contact is in a live call (another campaign or worker)"
        case .campaignFull: "the campaign's live-call cap is reached across workers"
        case .throttled: "the campaign's calls-per-minute budget is spent across workers"
        }
    }
}

/// What recovery did: entries of workers whose lease ran out (crashed, killed, frozen), or a
/// worker's own live calls closed at its shutdown deadline.
public struct RecoveryReport: Hashable, Sendable {
    /// Claimed but never dialled: back in the queue, due as before.
    public var requeued: Int = 0
    /// Were dialling when their worker died: their call record closed as failed ("interrupted").
    public var interrupted: Int = 0
    /// Of those, how many the retry policy scheduled again (a new attempt, counted as a retry).
    public var retriesScheduled: Int = 0

    public init(requeued: Int = 0, interrupted: Int = 0, retriesScheduled: Int = 0) {
        self.requeued = requeued
        self.interrupted = interrupted
        self.retriesScheduled = retriesScheduled
    }
}
