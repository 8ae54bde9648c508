import Foundation

/// When to call a contact again after a call, by result (SPEC F4): no answer / answering
/// machine after 30 min, busy after 5 min, failed (network congestion) after a
/// configurable delay, at most `maxRetries` retries; never after `not_interested` or
/// `opt_out`; `lead` is final; `callback` is final for retries but schedules a call at the
/// time the contact gave, when they gave one. Compliance still applies to the retry
/// (the planner checks windows and caps when it comes due).
///
/// ```swift
/// let policy = RetryPolicy()
/// policy.decide(result: .busy, retriesSoFar: 0, endedAt: end)   // .retry(at: end + 5 min)
/// policy.decide(result: .busy, retriesSoFar: 2, endedAt: end)   // .final
/// ```
public struct RetryPolicy: Hashable, Sendable, Codable {
    public var maxRetries: Int
    public var noAnswerDelay: TimeInterval
    public var busyDelay: TimeInterval
    public var failedDelay: TimeInterval
    public var answeringMachineDelay: TimeInterval
    /// Retry answering machines at all (some campaigns leave a message and stop).
    public var retryAnsweringMachine: Bool

    public init(maxRetries: Int = 2, noAnswerDelay: TimeInterval = 30 * 60, busyDelay: TimeInterval = 5 * 60,
                failedDelay: TimeInterval = 30 * 60, answeringMachineDelay: TimeInterval = 30 * 60,
                retryAnsweringMachine: Bool = true) {
        self.maxRetries = maxRetries
        self.noAnswerDelay = noAnswerDelay
        self.busyDelay = busyDelay
        self.failedDelay = failedDelay
        self.answeringMachineDelay = answeringMachineDelay
        self.retryAnsweringMachine = retryAnsweringMachine
    }

    enum CodingKeys: String, CodingKey {
        case maxRetries = "max_retries", noAnswerDelay = "no_answer_delay_seconds", busyDelay = "busy_delay_seconds"
        case failedDelay = "failed_delay_seconds", answeringMachineDelay = "answering_machine_delay_seconds"
        case retryAnsweringMachine = "retry_answering_machine"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = RetryPolicy()
        self.init(maxRetries: try c.decodeIfPresent(Int.self, forKey: .maxRetries) ?? d.maxRetries,
                  noAnswerDelay: try c.decodeIfPresent(Double.self, forKey: .noAnswerDelay) ?? d.noAnswerDelay,
                  busyDelay: try c.decodeIfPresent(Double.self, forKey: .busyDelay) ?? d.busyDelay,
                  failedDelay: try c.decodeIfPresent(Double.self, forKey: .failedDelay) ?? d.failedDelay,
                  answeringMachineDelay: try c.decodeIfPresent(Double.self, forKey: .answeringMachineDelay)
                      ?? d.answeringMachineDelay,
                  retryAnsweringMachine: try c.decodeIfPresent(Bool.self, forKey: .retryAnsweringMachine)
                      ?? d.retryAnsweringMachine)
        if maxRetries < 0 {
            throw DecodingError.dataCorruptedError(forKey: .maxRetries, in: c, debugDescription: "must be ≥ 0")
        }
    }

    /// What happens after a call that ended at `endedAt` with `result`.
    /// - Parameters:
    ///   - retriesSoFar: retries already made for this contact in this campaign (the first call is not a retry).
    ///   - callbackAt: the time the contact asked to be called back, if the dialogue understood one.
    public func decide(result: CallResult, retriesSoFar: Int, endedAt: Date, callbackAt: Date? = nil) -> RetryDecision {
        let delay: TimeInterval
        switch result {
        case .lead, .notInterested, .optOut, .invalidNumber, .transferred:
            return .final
        case .callback:
            return callbackAt.map { .callback(at: $0) } ?? .final
        case .noAnswer: delay = noAnswerDelay
        case .busy: delay = busyDelay
        case .failed: delay = failedDelay
        case .answeringMachine:
            guard retryAnsweringMachine else { return .final }
            delay = answeringMachineDelay
        }
        guard retriesSoFar < maxRetries else { return .final }
        return .retry(at: endedAt.addingTimeInterval(delay))
    }
}

/// The next step for a contact after a call.
public enum RetryDecision: Hashable, Sendable {
    /// Call again, not before this instant.
    case retry(at: Date)
    /// The contact asked to be called at this time (not counted as a retry).
    case callback(at: Date)
    /// Done with this contact in this campaign.
    case final

    public var dueAt: Date? {
        switch self {
        case .retry(let at), .callback(let at): at
        case .final: nil
        }
    }
}
