/// How a call ended for the business (SPEC F6): the one result type the dialogue engine decides,
/// the dialer retries on, storage keeps and exports print.
///
/// Raw values are the strings of scenario files (`"result": "not_interested"`), database columns
/// and CSV exports.
///
/// ```swift
/// CallResult.optOut.rawValue   // "opt_out"
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

    /// Parses a scenario's or a file's result word; nil for words that are not results.
    public init?(word: String) {
        self.init(rawValue: word)
    }
}

/// How a call ended and why, carried by the dialogue engine's final `hangUp` or `transfer` action
/// into the call report.
///
/// `label` keeps the scenario's own word for the end ("completed", "resolved", "transferred")
/// when it is not one of the `CallResult` values, so records can show both.
public struct CallOutcome: Sendable, Equatable {
    public var result: CallResult
    /// Qualification score, 0…100 (normalised weights of the affirmed steps).
    public var score: Double
    /// The step the call ended on, if any.
    public var stepID: String?
    /// The scenario's `result` text of that step, if it had one.
    public var label: String?
    /// One sentence saying why ("score 100 ≥ threshold 70").
    public var reason: String

    public init(result: CallResult, score: Double, stepID: String? = nil, label: String? = nil, reason: String) {
        self.result = result
        self.score = score
        self.stepID = stepID
        self.label = label
        self.reason = reason
    }
}
