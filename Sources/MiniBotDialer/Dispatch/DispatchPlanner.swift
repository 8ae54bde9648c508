import Foundation

/// A queued contact the dispatcher may dial, with what the rules need to know about it.
public struct DialCandidate: Hashable, Sendable {
    /// The queue entry (storage's key), so the shell can mark it dialling or reschedule it.
    public var queueID: Int64
    public var contact: Contact
    public var history: ContactHistory
    /// Retries already made in this campaign.
    public var retriesSoFar: Int
    /// Not before this instant (a retry or callback); nil = as soon as possible.
    public var dueAt: Date?
    /// Higher first (callbacks are usually queued with a higher priority).
    public var priority: Int

    public init(queueID: Int64, contact: Contact, history: ContactHistory = .none, retriesSoFar: Int = 0,
                dueAt: Date? = nil, priority: Int = 0) {
        self.queueID = queueID
        self.contact = contact
        self.history = history
        self.retriesSoFar = retriesSoFar
        self.dueAt = dueAt
        self.priority = priority
    }
}

/// The planner's answer for one tick.
public struct DispatchPlan: Sendable {
    /// Dial these now, in this order.
    public var dial: [DialCandidate] = []
    /// Compliance said no: reschedule at `decision.nextAllowed`, or drop from the campaign when nil.
    public var refused: [(candidate: DialCandidate, decision: ComplianceDecision)] = []
    /// Allowed or not yet due, but no slot / pacing budget now: leave queued.
    public var deferred: [DialCandidate] = []
    /// When planning again can make progress (earliest due retry, pacing), nil when only a call ending can.
    public var nextWakeUp: Date?
    /// Why nothing at all can be dialled, when that is the case ("campaign paused", "test call done").
    public var idleReason: String?

    /// One journal entry per compliance check made (allowed and refused), for the ComplianceLog.
    public func complianceEntries(campaignID: Int64, at now: Date) -> [ComplianceLogEntry] {
        dial.map { ComplianceLogEntry(at: now, campaignID: campaignID, phone: $0.contact.phone.e164, decision: .allowed) }
            + refused.map { ComplianceLogEntry(at: now, campaignID: campaignID, phone: $0.candidate.contact.phone.e164,
                                               decision: $0.decision) }
    }
}

/// Decides, for one campaign at one instant, which queued contacts to dial: it respects
/// the campaign's state and test mode, free call slots, the pacer (calls per minute, gap
/// between calls), retry due times and every compliance rule. Pure: the shell fetches
/// candidates and the active-call count from storage, calls `plan`, then acts on the
/// result (originate, reschedule, log) — so the whole dialer policy is unit-testable.
///
/// ```swift
/// let planner = DispatchPlanner(campaign: campaign)
/// var pacer = CallPacer(settings: campaign.settings)
/// let plan = planner.plan(activeCalls: 3, callsStarted: 120, candidates: batch, pacer: &pacer, now: now)
/// for candidate in plan.dial { originate(candidate) }
/// ```
public struct DispatchPlanner: Sendable {
    public let campaign: Campaign
    public let rules: ComplianceRules

    public init(campaign: Campaign) {
        self.campaign = campaign
        rules = ComplianceRules(policy: campaign.compliance)
    }

    /// - Parameters:
    ///   - activeCalls: calls of this campaign currently in progress, on every worker.
    ///   - callsStarted: calls this campaign has started so far (test mode stops at one).
    ///   - candidates: a batch of queued contacts, any order.
    ///   - workerSlots: calls this worker may still start (its own `MAX_CONCURRENT_CALLS` less its
    ///     live calls, over all campaigns); the campaign's cap applies on top.
    public func plan(activeCalls: Int, callsStarted: Int, candidates: [DialCandidate], pacer: inout CallPacer,
                     now: Date, workerSlots: Int = .max) -> DispatchPlan {
        var plan = DispatchPlan()
        guard campaign.status == .running else {
            plan.deferred = candidates
            plan.idleReason = "campaign is \(campaign.status.rawValue)"
            return plan
        }
        var capacity = max(0, min(campaign.settings.maxConcurrentCalls - activeCalls, workerSlots))
        if campaign.settings.testMode {
            capacity = min(capacity, max(0, 1 - callsStarted))
            if callsStarted >= 1 { plan.idleReason = "test mode: the one test call was placed" }
        }
        let ordered = candidates.enumerated().sorted { a, b in
            if a.element.priority != b.element.priority { return a.element.priority > b.element.priority }
            let da = a.element.dueAt ?? .distantPast, db = b.element.dueAt ?? .distantPast
            if da != db { return da < db }
            return a.offset < b.offset
        }.map(\.element)

        // The window check is the same for everyone: do it once.
        let opening = rules.calendar.nextOpening(atOrAfter: now)
        var pacingBlocked = false
        for candidate in ordered {
            if let due = candidate.dueAt, due > now {
                plan.deferred.append(candidate)
                plan.nextWakeUp = min(plan.nextWakeUp ?? due, due)
                continue
            }
            let decision = rules.evaluate(contact: candidate.contact, history: candidate.history, now: now,
                                          precomputedOpening: opening)
            guard decision.isAllowed else {
                plan.refused.append((candidate, decision))
                continue
            }
            guard capacity > 0 else {
                plan.deferred.append(candidate)
                continue
            }
            guard !pacingBlocked, pacer.tryAcquire(now: now) else {
                pacingBlocked = true
                plan.deferred.append(candidate)
                continue
            }
            plan.dial.append(candidate)
            capacity -= 1
        }
        if pacingBlocked {
            let next = pacer.nextAvailable(now: now)
            plan.nextWakeUp = min(plan.nextWakeUp ?? next, next)
        }
        return plan
    }
}
