/// A Q.850 / ISDN cause code as reported by Asterisk (`HANGUPCAUSE`) and FreeSWITCH
/// (`Hangup-Cause`, whose names map to the same numbers), turned into a call result.
///
/// ```swift
/// HangupCause(17).result(answered: false)   // .busy
/// HangupCause(16).result(answered: true)    // nil: the dialogue decides the result
/// ```
public struct HangupCause: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: Int

    public init(_ code: Int) { self.code = code }

    public static let unallocatedNumber = HangupCause(1)
    public static let normalClearing = HangupCause(16)
    public static let userBusy = HangupCause(17)
    public static let noUserResponding = HangupCause(18)
    public static let noAnswer = HangupCause(19)
    public static let callRejected = HangupCause(21)

    /// FreeSWITCH spells causes by name (`USER_BUSY`); nil for names that have no Q.850 number.
    public init?(freeSwitchName name: String) {
        let table: [String: Int] = [
            "UNALLOCATED_NUMBER": 1, "NO_ROUTE_TRANSIT_NET": 2, "NO_ROUTE_DESTINATION": 3, "NORMAL_CLEARING": 16,
            "USER_BUSY": 17, "NO_USER_RESPONSE": 18, "NO_ANSWER": 19, "SUBSCRIBER_ABSENT": 20, "CALL_REJECTED": 21,
            "NUMBER_CHANGED": 22, "DESTINATION_OUT_OF_ORDER": 27, "INVALID_NUMBER_FORMAT": 28,
            "FACILITY_REJECTED": 29, "NORMAL_UNSPECIFIED": 31, "NORMAL_CIRCUIT_CONGESTION": 34,
            "NETWORK_OUT_OF_ORDER": 38, "NORMAL_TEMPORARY_FAILURE": 41, "SWITCH_CONGESTION": 42,
            "REQUESTED_CHAN_UNAVAIL": 44, "BEARERCAPABILITY_NOTAVAIL": 58, "RECOVERY_ON_TIMER_EXPIRE": 102,
            "INTERWORKING": 127, "ORIGINATOR_CANCEL": 487, "ALLOTTED_TIMEOUT": 602, "MEDIA_TIMEOUT": 604,
        ]
        guard let code = table[name.uppercased()] else { return nil }
        self.init(code)
    }

    public var description: String { "Q.850 cause \(code)" }

    /// The result a cause implies. `answered`: the callee picked up (then a normal clearing
    /// means the conversation ended and the dialogue's own result stands, so nil).
    public func result(answered: Bool) -> CallResult? {
        switch code {
        case 16, 31:
            return answered ? nil : .noAnswer
        case 17:
            return .busy
        case 18, 19, 20, 102, 602:
            return answered ? nil : .noAnswer
        case 21:
            // Callee pressed "decline": treated as busy (retry soon), not as a refusal of the offer.
            return .busy
        case 1, 3, 22, 28:
            return .invalidNumber
        case 2, 27, 29, 34, 38, 41, 42, 44, 47, 58, 127, 604:
            return answered ? nil : .failed
        case 487:
            return answered ? nil : .noAnswer // we cancelled while it rang (ring timeout)
        default:
            return answered ? nil : .failed
        }
    }
}
