/// A campaign's lifecycle: pending → running ⇄ paused → completed / cancelled.
///
/// ```swift
/// try CampaignStatus.pending.applying(.start)    // .running
/// try CampaignStatus.completed.applying(.resume) // throws CampaignTransitionError
/// ```
public enum CampaignStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pending, running, paused, completed, cancelled

    public var isTerminal: Bool { self == .completed || self == .cancelled }
}

/// What operators (or the dispatcher, for `complete`) do to a campaign.
public enum CampaignEvent: String, Hashable, Sendable, Codable, CaseIterable {
    case start, pause, resume, complete, cancel
}

/// An event that makes no sense in the current state ("resume a completed campaign").
public struct CampaignTransitionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let from: CampaignStatus
    public let event: CampaignEvent

    public var description: String { "cannot \(event.rawValue) a campaign that is \(from.rawValue)" }
}

extension CampaignStatus {
    /// The state after `event`. A paused campaign can be completed (its queue drained by
    /// cancellations elsewhere) or cancelled; a pending one can only start or be cancelled.
    public func applying(_ event: CampaignEvent) throws(CampaignTransitionError) -> CampaignStatus {
        switch (self, event) {
        case (.pending, .start): return .running
        case (.running, .pause): return .paused
        case (.paused, .resume): return .running
        case (.running, .complete), (.paused, .complete): return .completed
        case (.pending, .cancel), (.running, .cancel), (.paused, .cancel): return .cancelled
        default: throw CampaignTransitionError(from: self, event: event)
        }
    }
}
