/// Whether a person or a machine answered: one type whether the PBX decided (Asterisk `AMD()`'s
/// `AMDSTATUS`, FreeSWITCH mod_amd's `amd_result`) or our own detector did.
///
/// Raw values are Asterisk's `AMDSTATUS` words, which call transcripts (JSON) also use.
/// ```swift
/// AMDVerdict(status: "NOTSURE")   // .notSure
/// AMDVerdict.notSure.seedName     // "UNKNOWN"
/// ```
public enum AMDVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    case human = "HUMAN"
    case machine = "MACHINE"
    case notSure = "NOTSURE"
    /// The callee hung up while the PBX was still listening.
    case hangup = "HANGUP"

    /// Parses a PBX's status word in any case (`PERSON` is mod_amd's human, `NOT_SURE`/`UNKNOWN` its doubt).
    public init?(status: String) {
        switch status.uppercased() {
        case "HUMAN", "PERSON": self = .human
        case "MACHINE": self = .machine
        case "NOTSURE", "NOT_SURE", "UNKNOWN": self = .notSure
        case "HANGUP": self = .hangup
        default: return nil
        }
    }

    /// `HUMAN`, `MACHINE` or `UNKNOWN`: the three values of seed 000's `amd_result` column and exports.
    public var seedName: String {
        switch self {
        case .human: "HUMAN"
        case .machine: "MACHINE"
        case .notSure, .hangup: "UNKNOWN"
        }
    }

    /// Parses a stored `amd_result` value (`UNKNOWN` reads back as ``notSure``).
    public init?(seedName: String) {
        self.init(status: seedName)
    }
}

/// Who decided an ``AMDVerdict``.
public enum AMDSource: String, Sendable, Hashable, Codable {
    /// The PBX's own detection (Asterisk `AMD()`, FreeSWITCH mod_amd), before our media stream started.
    case pbx
    /// MiniBot's detector on the call's first seconds of audio.
    case bot
}
