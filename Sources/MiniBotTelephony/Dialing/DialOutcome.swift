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

/// A Q.850 cause with the FreeSWITCH-style name both PBXs log (`USER_BUSY`, …).
/// ```swift
/// Q850Cause(code: 19).name              // "NO_ANSWER"
/// Q850Cause(name: "user_busy")?.code    // 17
/// ```
public struct Q850Cause: Sendable, Hashable, CustomStringConvertible {
    public var code: Int
    public var name: String

    public init(code: Int, name: String? = nil) {
        self.code = code
        self.name = name ?? Self.names[code] ?? "CAUSE_\(code)"
    }

    /// From a FreeSWITCH cause name; nil for names without a Q.850 number.
    public init?(name: String) {
        let upper = name.uppercased()
        guard let code = Self.codes[upper] else { return nil }
        self.init(code: code, name: upper)
    }

    public var description: String { "\(name) (\(code))" }

    static let names: [Int: String] = [
        0: "UNSPECIFIED", 1: "UNALLOCATED_NUMBER", 2: "NO_ROUTE_TRANSIT_NET", 3: "NO_ROUTE_DESTINATION",
        16: "NORMAL_CLEARING", 17: "USER_BUSY", 18: "NO_USER_RESPONSE", 19: "NO_ANSWER", 20: "SUBSCRIBER_ABSENT",
        21: "CALL_REJECTED", 22: "NUMBER_CHANGED", 27: "DESTINATION_OUT_OF_ORDER", 28: "INVALID_NUMBER_FORMAT",
        29: "FACILITY_REJECTED", 31: "NORMAL_UNSPECIFIED", 34: "NORMAL_CIRCUIT_CONGESTION", 38: "NETWORK_OUT_OF_ORDER",
        41: "NORMAL_TEMPORARY_FAILURE", 42: "SWITCH_CONGESTION", 44: "REQUESTED_CHAN_UNAVAIL",
        47: "RESOURCE_UNAVAILABLE", 58: "BEARERCAPABILITY_NOTAVAIL", 102: "RECOVERY_ON_TIMER_EXPIRE",
        127: "INTERWORKING", 487: "ORIGINATOR_CANCEL", 500: "CRASH", 501: "SYSTEM_SHUTDOWN", 502: "LOSE_RACE",
        503: "MANAGER_REQUEST", 602: "ALLOTTED_TIMEOUT", 604: "MEDIA_TIMEOUT",
    ]
    static let codes: [String: Int] = Dictionary(uniqueKeysWithValues: names.map { ($1, $0) })
}
