/// Asterisk's `DIALSTATUS`: how a `Dial()` (or an originate) ended so far. It arrives in the ARI
/// `Dial` event's `dialstatus` (decoded with the event, ``ARIChannelEvent/dial(caller:peer:status:)``)
/// and in the transfer context's `Stasis(app,transfer-failed,${DIALSTATUS})`; read once here, in
/// any case, so the dialer and the transfer switch over cases.
/// ```swift
/// AsteriskDialStatus("busy")   // .busy
/// AsteriskDialStatus("")       // .empty (the first Dial event: dialling started)
/// AsteriskDialStatus.busy.description // "BUSY"
/// ```
public enum AsteriskDialStatus: Sendable, Hashable, CustomStringConvertible {
    /// Empty: in a `Dial` event, dialling started and nothing is known yet; after `Dial()`, it did
    /// not run.
    case empty
    case ringing
    case progress
    case answer
    case busy
    case congestion
    /// `CHANUNAVAIL`: the endpoint could not be reached.
    case channelUnavailable
    case noAnswer
    /// `CANCEL`: the dial was cancelled (ring timeout of an originate, caller gone).
    case cancel
    /// Another word (`DONTCALL`, `TORTURE`, `INVALIDARGS`, …), upper-cased.
    case other(String)

    public init(_ text: String) {
        switch text.uppercased() {
        case "": self = .empty
        case "RINGING": self = .ringing
        case "PROGRESS": self = .progress
        case "ANSWER": self = .answer
        case "BUSY": self = .busy
        case "CONGESTION": self = .congestion
        case "CHANUNAVAIL": self = .channelUnavailable
        case "NOANSWER": self = .noAnswer
        case "CANCEL": self = .cancel
        case let word: self = .other(word)
        }
    }

    /// The word as Asterisk spells it (`""` for ``empty``).
    public var description: String {
        switch self {
        case .empty: ""
        case .ringing: "RINGING"
        case .progress: "PROGRESS"
        case .answer: "ANSWER"
        case .busy: "BUSY"
        case .congestion: "CONGESTION"
        case .channelUnavailable: "CHANUNAVAIL"
        case .noAnswer: "NOANSWER"
        case .cancel: "CANCEL"
        case .other(let word): word
        }
    }
}
