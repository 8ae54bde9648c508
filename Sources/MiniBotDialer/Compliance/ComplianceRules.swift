import Foundation

/// French telemarketing law as a pure function: given a contact, what we know of its
/// past calls, and the time, may the dialer call it now?
///
/// Checked in this order, so the reported rule is the one an operator must act on:
/// do-not-call, opposition list (Bloctel), energy-renovation ban (Loi 2020-901), legal
/// basis (from 11 August 2026), refusal cooldown (60 days) and frequency cap (4 calls in
/// 30 days) — whichever ends later is reported, with `nextAllowed` the first window
/// opening after both —, then public holidays and calling hours (Décret 2022-1313).
///
/// ```swift
/// let rules = ComplianceRules(policy: .france)
/// let decision = rules.evaluate(contact: contact, history: history, now: now)
/// decision.rule?.rawValue    // "calling_hours"
/// decision.nextAllowed       // next Monday 10:00 Europe/Paris
/// ```
public struct ComplianceRules: Sendable {
    public let policy: CompliancePolicy
    public let calendar: CallingCalendar

    public init(policy: CompliancePolicy = .france) {
        self.policy = policy
        calendar = CallingCalendar(policy: policy)
    }

    /// One-shot form of `evaluate(contact:history:now:)`.
    public static func evaluate(contact: Contact, history: ContactHistory, policy: CompliancePolicy,
                                now: Date) -> ComplianceDecision {
        ComplianceRules(policy: policy).evaluate(contact: contact, history: history, now: now)
    }

    public func evaluate(contact: Contact, history: ContactHistory, now: Date) -> ComplianceDecision {
        evaluate(contact: contact, history: history, now: now, precomputedOpening: nil)
    }

    /// `precomputedOpening`: `calendar.nextOpening(atOrAfter: now)` when the caller evaluates many contacts at one instant.
    func evaluate(contact: Contact, history: ContactHistory, now: Date, precomputedOpening: Date??) -> ComplianceDecision {
        if let refusal = permanentRefusal(contact: contact, history: history, now: now) { return refusal }

        var earliest = now
        var waitingRule: (ComplianceRule, String)?
        if let (until, reason) = cooldownEnd(history: history, now: now), until > earliest {
            earliest = until
            waitingRule = (.refusalCooldown, reason)
        }
        if let (until, reason) = capEnd(history: history, now: now), until > earliest {
            earliest = until
            waitingRule = (.frequencyCap, reason)
        }
        if let (rule, reason) = waitingRule {
            return .refused(rule: rule, reason: reason, nextAllowed: calendar.nextOpening(atOrAfter: earliest))
        }

        let opening = precomputedOpening ?? calendar.nextOpening(atOrAfter: now)
        guard let next = opening else {
            return .refused(rule: .callingHours, reason: "the policy has no calling window", nextAllowed: nil)
        }
        if next == now { return .allowed }
        let today = calendar.localDay(of: now)
        if let holiday = calendar.holiday(on: today), !policy.windows[isoWeekday: today.isoWeekday].isEmpty {
            return .refused(rule: .publicHoliday,
                            reason: "\(today) is a public holiday (\(holiday.frenchName)); no calls (Décret 2022-1313)",
                            nextAllowed: next)
        }
        return .refused(rule: .callingHours, reason: "outside calling hours (\(hoursText)); Décret 2022-1313",
                        nextAllowed: next)
    }

    private func permanentRefusal(contact: Contact, history: ContactHistory, now: Date) -> ComplianceDecision? {
        let basis = contact.legalBasis
        let underContract = basis?.kind == .contract
        if history.optedOut || history.attempts.contains(where: { $0.result == .optOut }) {
            return .refused(rule: .doNotCall, reason: "the contact asked not to be called again (opt-out)", nextAllowed: nil)
        }
        if policy.checkOppositionList, history.onOppositionList,
           !(policy.contractsExemptFromOppositionList && underContract) {
            return .refused(rule: .oppositionList,
                            reason: "number on the opposition list (Bloctel) and no contract in force", nextAllowed: nil)
        }
        if policy.sector == .energyRenovation, !underContract {
            return .refused(rule: .energyRenovationBan,
                            reason: "energy-renovation cold calls are banned (Loi 2020-901); only contacts under contract",
                            nextAllowed: nil)
        }
        if let from = policy.legalBasisRequiredFrom, calendar.localDay(of: now) >= from, !(basis?.isSufficient ?? false) {
            let why = basis?.kind == .consent ? "consent recorded without a date" : "no recorded consent nor contract"
            return .refused(rule: .noLegalBasis, reason: "\(why); required since \(from)", nextAllowed: nil)
        }
        return nil
    }

    /// When the refusal cooldown after the latest `not_interested` ends, if one is running.
    private func cooldownEnd(history: ContactHistory, now: Date) -> (Date, String)? {
        guard let days = policy.refusalCooldownDays,
              let refusal = history.attempts.filter({ $0.result == .notInterested && $0.at <= now }).map(\.at).max()
        else { return nil }
        let until = calendar.adding(days: days, to: refusal)
        guard until > now else { return nil }
        return (until, "the contact refused on \(calendar.localDay(of: refusal)); no new call for \(days) days")
    }

    /// When the rolling cap frees a slot, if the contact is at the cap now.
    private func capEnd(history: ContactHistory, now: Date) -> (Date, String)? {
        guard let cap = policy.maxCallsPerPeriod else { return nil }
        let period = policy.capPeriodDays
        let recent = history.attempts.map(\.at)
            .filter { $0 <= now && calendar.adding(days: period, to: $0) > now }
            .sorted()
        guard recent.count >= cap else { return nil }
        // The slot frees when the (count-cap+1)-th oldest call leaves the window.
        let freeing = recent[recent.count - cap]
        return (calendar.adding(days: period, to: freeing),
                "\(recent.count) calls in the last \(period) days; at most \(cap) allowed")
    }

    private var hoursText: String {
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        return (1...7).compactMap { weekday -> String? in
            let windows = policy.windows[isoWeekday: weekday]
            return windows.isEmpty ? nil : days[weekday - 1] + " " + windows.map(\.description).joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
