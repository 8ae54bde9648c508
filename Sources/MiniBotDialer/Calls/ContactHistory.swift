import Foundation

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
