/// A Q.850 cause with the FreeSWITCH-style name both PBXs log (`USER_BUSY`, …): the one table of
/// causes, and the one place a cause becomes a call result.
///
/// Asterisk reports the number (`HANGUPCAUSE`, ARI `cause`), FreeSWITCH the name (`Hangup-Cause`).
/// ```swift
/// Q850Cause(code: 19).name                    // "NO_ANSWER"
/// Q850Cause(name: "user_busy")?.code          // 17
/// Q850Cause(code: 17).result(answered: false) // .busy
/// ```
public struct Q850Cause: Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: Int
    public var name: String

    public init(code: Int, name: String? = nil) {
        self.code = code
        self.name = name ?? Self.names[code] ?? "CAUSE_\(code)"
    }

    /// From a FreeSWITCH cause name (any case); nil for names without a Q.850 number.
    public init?(name: String) {
        let upper = name.uppercased()
        guard let code = Self.codes[upper] else { return nil }
        self.init(code: code, name: upper)
    }

    public var description: String { "\(name) (\(code))" }

    public static let normalClearing = Q850Cause(code: 16)
    public static let userBusy = Q850Cause(code: 17)
    public static let noAnswer = Q850Cause(code: 19)
    public static let callRejected = Q850Cause(code: 21)
    public static let unallocatedNumber = Q850Cause(code: 1)

    /// The result a cause implies. `answered`: the callee picked up (then a normal clearing
    /// means the conversation ended and the dialogue's own result stands, so nil).
    public func result(answered: Bool) -> CallResult? {
        switch code {
        case 17:
            return .busy
        case 21:
            // Callee pressed "decline": treated as busy (retry soon), not as a refusal of the offer.
            return .busy
        case 1, 3, 22, 28:
            return .invalidNumber
        case 16, 18, 19, 20, 31, 102, 487, 602:
            // 487: we cancelled while it rang (ring timeout).
            return answered ? nil : .noAnswer
        default:
            return answered ? nil : .failed
        }
    }

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
