/// How a dial attempt ended at the telephony level. The dialer maps it to its own call result
/// (retry policy etc.); Telephony does not import the dialer.
///
/// Every failure carries the Q.850 cause that explains it:
/// ```swift
/// DialOutcome(unansweredCause: Q850Cause(code: 17))   // .busy(Q850Cause(code: 17, name: "USER_BUSY"))
/// DialOutcome(unansweredCause: Q850Cause(name: "NO_ANSWER")!)  // .noAnswer(…19…)
/// ```
public enum DialOutcome: Sendable, Hashable {
    case answered
    case busy(Q850Cause)
    case noAnswer(Q850Cause)
    case invalidNumber(Q850Cause)
    case congestion(Q850Cause)
    case rejected(Q850Cause)
    case failed(Q850Cause)

    /// Classifies the cause of a call that was never answered.
    public init(unansweredCause cause: Q850Cause) {
        switch cause.code {
        case 17: self = .busy(cause)
        case 16, 18, 19, 20, 102, 487, 602: self = .noAnswer(cause)
        case 1, 3, 22, 28: self = .invalidNumber(cause)
        case 21: self = .rejected(cause)
        case 2, 34, 38, 41, 42, 44, 47: self = .congestion(cause)
        default: self = .failed(cause)
        }
    }

    /// The cause, nil for ``answered``.
    public var cause: Q850Cause? {
        switch self {
        case .answered: nil
        case .busy(let c), .noAnswer(let c), .invalidNumber(let c), .congestion(let c), .rejected(let c), .failed(let c): c
        }
    }
}
