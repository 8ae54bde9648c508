import MiniBotLanguage

/// One step of the rail: what the robot says and where each kind of answer leads.
///
/// Beyond seed 000's keys, a step may carry `determinant` (a refusal ends the call via
/// `bye_failed`), `next` (go on without waiting for an answer, e.g. `Confirm_Time → Bye`),
/// `keyword_mapping` (route on words, e.g. "internet"/"mobile" in seed 004's diagnostic),
/// `dtmf_mapping`, `capture` (store the answer in a variable) and `transfer_to`.
/// A target may be `@return`: back to the step that led here (used by `retry_silence`).
///
///     step.target(for: .affirm)  // "q2", or the "*" wildcard's target
public struct ScenarioStep: Sendable, Equatable {
    public var id: String
    public var messageText: String
    public var audioFile: String?
    /// `audio` (pre-recorded, TTS fallback on `message_text`), `tts`, or `none`.
    public var audioType: String?
    public var voice: String?
    public var bargeIn: Bool?
    /// Seconds to wait for an answer before `silenceTimeout`.
    public var timeout: Double?
    public var maxAutonomousTurns: Int?
    public var intentMapping: [IntentMappingEntry]
    public var keywordMapping: [KeywordRoute]
    public var dtmfMapping: [KeywordRoute]
    public var next: String?
    /// Set: the call ends on this step with that result (`lead`, `completed`, `ended`…).
    public var result: String?
    public var determinant: Bool
    public var capture: String?
    public var transferTo: String?
    /// Affirming here counts for another step's weight (e.g. `retry_is_leads` scores as `is_leads`).
    public var scoreAs: String?
    public var extras: [JSONField]

    public init(id: String, messageText: String = "", audioFile: String? = nil, audioType: String? = nil,
                voice: String? = nil, bargeIn: Bool? = nil, timeout: Double? = nil, maxAutonomousTurns: Int? = nil,
                intentMapping: [IntentMappingEntry] = [], keywordMapping: [KeywordRoute] = [],
                dtmfMapping: [KeywordRoute] = [], next: String? = nil, result: String? = nil,
                determinant: Bool = false, capture: String? = nil, transferTo: String? = nil, scoreAs: String? = nil, extras: [JSONField] = []) {
        self.id = id
        self.messageText = messageText
        self.audioFile = audioFile
        self.audioType = audioType
        self.voice = voice
        self.bargeIn = bargeIn
        self.timeout = timeout
        self.maxAutonomousTurns = maxAutonomousTurns
        self.intentMapping = intentMapping
        self.keywordMapping = keywordMapping
        self.dtmfMapping = dtmfMapping
        self.next = next
        self.result = result
        self.determinant = determinant
        self.capture = capture
        self.transferTo = transferTo
        self.scoreAs = scoreAs
        self.extras = extras
    }

    /// The special target meaning "back to the step before this one".
    public static let returnTarget = "@return"

    /// Explicit mapping for an intent, without the wildcard.
    public func explicitTarget(for intent: Intent) -> String? {
        intentMapping.first { $0.key == .intent(intent) }?.target
    }

    /// The `*` wildcard's target.
    public var wildcardTarget: String? {
        intentMapping.first { $0.key == .wildcard }?.target
    }

    /// Explicit mapping, else the wildcard.
    public func target(for intent: Intent) -> String? {
        explicitTarget(for: intent) ?? wildcardTarget
    }

    /// A terminal step ends the call once its prompt has played.
    public var isTerminal: Bool {
        result != nil || transferTo != nil
    }

    /// Every step id this step can lead to, with a label and the JSON path of the reference.
    public var edges: [StepEdge] {
        var result: [StepEdge] = []
        for entry in intentMapping {
            result.append(StepEdge(label: entry.key.name, target: entry.target,
                                   path: "steps.\(id).intent_mapping.\(entry.key.name)"))
        }
        for route in keywordMapping {
            result.append(StepEdge(label: "\"\(route.keyword)\"", target: route.target,
                                   path: "steps.\(id).keyword_mapping.\(route.keyword)"))
        }
        for route in dtmfMapping {
            result.append(StepEdge(label: "dtmf \(route.keyword)", target: route.target,
                                   path: "steps.\(id).dtmf_mapping.\(route.keyword)"))
        }
        if let next { result.append(StepEdge(label: "next", target: next, path: "steps.\(id).next")) }
        return result
    }
}

/// A reference from one step to another, as drawn in graphs and checked by the validator.
public struct StepEdge: Sendable, Equatable {
    public var label: String
    public var target: String
    public var path: String
}

/// One `intent_mapping` entry: an intent (or `*`) and the step it leads to.
public struct IntentMappingEntry: Sendable, Equatable {
    public var key: MappingKey
    public var target: String

    public init(_ key: MappingKey, _ target: String) {
        self.key = key
        self.target = target
    }
}

/// A key of `intent_mapping`: a known intent, the `*` wildcard, or a name the validator rejects.
public enum MappingKey: Sendable, Equatable, Hashable {
    case intent(Intent)
    case wildcard
    case unknown(String)

    public init(_ name: String) {
        if name == "*" { self = .wildcard } else if let intent = Intent(rawValue: name) { self = .intent(intent) } else { self = .unknown(name) }
    }

    public var name: String {
        switch self {
        case .intent(let intent): intent.rawValue
        case .wildcard: "*"
        case .unknown(let name): name
        }
    }
}

/// A word (or DTMF digit) and the step it leads to.
public struct KeywordRoute: Sendable, Equatable {
    public var keyword: String
    public var target: String

    public init(_ keyword: String, _ target: String) {
        self.keyword = keyword
        self.target = target
    }
}
