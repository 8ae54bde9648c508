import Foundation

/// What `minibot campaign plan ID --at … --json` prints: for each contact, whether it may
/// be called at that instant and, if not, the rule and when it may. Lets an operator see
/// before launching that half the list is on Bloctel or lacks consent.
///
/// JSON per contact, exactly: `{"phone":"+33612345678","callable":false,"rule":"calling_hours",
/// "next_allowed":"2026-11-23T10:00:00+01:00"}` (`rule` and `next_allowed` are null when callable).
///
/// ```swift
/// let plan = CampaignPlan.make(contacts: pairs, policy: .france, now: at)
/// let json = try JSONEncoder().encode(plan)
/// ```
public struct CampaignPlanEntry: Hashable, Sendable, Codable {
    public var phone: String
    public var callable: Bool
    public var rule: String?
    /// ISO 8601 with offset, in the policy's time zone.
    public var nextAllowed: String?

    public init(phone: String, callable: Bool, rule: String?, nextAllowed: String?) {
        self.phone = phone
        self.callable = callable
        self.rule = rule
        self.nextAllowed = nextAllowed
    }

    enum CodingKeys: String, CodingKey {
        case phone, callable, rule, nextAllowed = "next_allowed"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(phone, forKey: .phone)
        try c.encode(callable, forKey: .callable)
        try c.encode(rule, forKey: .rule)             // explicit null, not a missing key
        try c.encode(nextAllowed, forKey: .nextAllowed)
    }
}

public enum CampaignPlan {
    /// Evaluates every contact at `now` with one set of rules.
    public static func make(contacts: [(contact: Contact, history: ContactHistory)], policy: CompliancePolicy,
                            now: Date) -> [CampaignPlanEntry] {
        let rules = ComplianceRules(policy: policy)
        return contacts.map { entry(for: $0.contact, decision: rules.evaluate(contact: $0.contact, history: $0.history, now: now),
                                    timeZone: rules.calendar.timeZone) }
    }

    public static func entry(for contact: Contact, decision: ComplianceDecision, timeZone: TimeZone) -> CampaignPlanEntry {
        switch decision {
        case .allowed:
            return CampaignPlanEntry(phone: contact.phone.e164, callable: true, rule: nil, nextAllowed: nil)
        case .refused(let rule, _, let next):
            return CampaignPlanEntry(phone: contact.phone.e164, callable: false, rule: rule.rawValue,
                                     nextAllowed: next.map { LocalTimeFormat.iso8601($0, in: timeZone) })
        }
    }
}
