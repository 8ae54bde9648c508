import Foundation

/// The legal rules the dialer enforces; raw values are stable names used in logs, the
/// compliance journal, `campaign plan --json` and the API.
public enum ComplianceRule: String, Hashable, Sendable, Codable, CaseIterable {
    case callingHours = "calling_hours"
    case publicHoliday = "public_holiday"
    case frequencyCap = "frequency_cap"
    case refusalCooldown = "refusal_cooldown"
    case oppositionList = "opposition_list"
    case doNotCall = "do_not_call"
    case noLegalBasis = "no_legal_basis"
    case energyRenovationBan = "energy_renovation_ban"

    /// Rules that no amount of waiting lifts (nextAllowed is nil).
    public var isPermanent: Bool {
        switch self {
        case .oppositionList, .doNotCall, .noLegalBasis, .energyRenovationBan: true
        default: false
        }
    }
}

/// Whether one contact may be called now, and if not, which rule says no, why, and
/// the exact instant the answer becomes yes (nil when waiting will not help).
///
/// ```swift
/// switch rules.evaluate(contact: c, history: h, now: now) {
/// case .allowed: dial(c)
/// case .refused(let rule, let reason, let next): log(rule.rawValue, reason); reschedule(at: next)
/// }
/// ```
public enum ComplianceDecision: Hashable, Sendable {
    case allowed
    case refused(rule: ComplianceRule, reason: String, nextAllowed: Date?)

    public var isAllowed: Bool { if case .allowed = self { true } else { false } }

    public var rule: ComplianceRule? {
        if case .refused(let rule, _, _) = self { rule } else { nil }
    }

    public var reason: String? {
        if case .refused(_, let reason, _) = self { reason } else { nil }
    }

    public var nextAllowed: Date? {
        if case .refused(_, _, let next) = self { next } else { nil }
    }
}
