import Foundation

/// How a call ended for the business (SPEC F6), stored and exported under these raw values.
///
/// ```swift
/// CallResult(rawValue: "no_answer")   // .noAnswer
/// ```
public enum CallResult: String, Hashable, Sendable, Codable, CaseIterable {
    case lead
    case notInterested = "not_interested"
    case callback
    case noAnswer = "no_answer"
    case answeringMachine = "answering_machine"
    case busy
    case failed
    case optOut = "opt_out"
    case invalidNumber = "invalid_number"
    /// Handed to a live agent (the call record keeps the target).
    case transferred
}

/// The name the dialer and telephony code use for a call's result; the same values.
public typealias CallOutcome = CallResult

/// One past call to a contact, as far as compliance and retries care.
public struct CallAttempt: Hashable, Sendable, Codable {
    /// When the call was placed (dialling started).
    public var at: Date
    /// Nil while the call is still running.
    public var result: CallResult?

    public init(at: Date, result: CallResult?) {
        self.at = at
        self.result = result
    }
}

/// What the dialer knows about a contact when deciding whether to call: past attempts
/// (all campaigns: the legal cap is per person), and list memberships looked up by the shell.
///
/// ```swift
/// let history = ContactHistory(attempts: [CallAttempt(at: lastMonday, result: .noAnswer)])
/// ```
public struct ContactHistory: Hashable, Sendable, Codable {
    public var attempts: [CallAttempt]
    /// The person asked never to be called again (do-not-call list, opt-out said during a call).
    public var optedOut: Bool
    /// The number is on the national opposition list (Bloctel).
    public var onOppositionList: Bool

    public init(attempts: [CallAttempt] = [], optedOut: Bool = false, onOppositionList: Bool = false) {
        self.attempts = attempts
        self.optedOut = optedOut
        self.onOppositionList = onOppositionList
    }

    public static let none = ContactHistory()
}
