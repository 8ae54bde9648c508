import Foundation

/// The scenario-wide transfer target: `metadata.transfer_to` (seed 001's "Lead / Transfer"
/// objective). A terminal step that ends as a LEAD without its own `transfer_to` hands the
/// caller to this target; a step's own `transfer_to` always wins.
/// ```json
/// {"metadata": {"name": "finance", "transfer_to": "conseiller", …}}
/// ```
extension Scenario {
    public var defaultTransferTarget: String? {
        guard case .string(let target)? = metadata.extras.first(where: { $0.key == "transfer_to" })?.value,
              !target.isEmpty else { return nil }
        return target
    }
}

/// The agents' business hours (`metadata.agent_hours`, `"09:00-18:00"`, local time of
/// `metadata.agent_timezone`, default Europe/Paris): outside them nobody takes a transfer, so
/// the bot books a callback without ringing anyone.
public struct AgentHours: Sendable, Equatable {
    /// Minutes since midnight; `end` is exclusive.
    public var start: Int
    public var end: Int

    /// Parses `HH:MM-HH:MM` (start before end); nil otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Self.minutes(parts[0]), let end = Self.minutes(parts[1]), start < end else { return nil }
        self.start = start
        self.end = end
    }

    public func contains(minuteOfDay: Int) -> Bool { minuteOfDay >= start && minuteOfDay < end }

    static func minutes(_ text: String) -> Int? {
        let hm = text.split(separator: ":")
        guard hm.count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0...24).contains(h), (0..<60).contains(m),
              h * 60 + m <= 24 * 60 else { return nil }
        return h * 60 + m
    }
}

extension Scenario {
    public func metadataString(_ key: String) -> String? {
        guard case .string(let value)? = metadata.extras.first(where: { $0.key == key })?.value else { return nil }
        return value
    }

    /// `metadata.agent_hours`, when set and valid (``ScenarioValidator`` reports an invalid one).
    public var agentHours: AgentHours? { metadataString("agent_hours").flatMap(AgentHours.init) }
    /// `metadata.agent_timezone` (an IANA name), default `Europe/Paris`.
    public var agentTimeZone: String { metadataString("agent_timezone") ?? "Europe/Paris" }
}
