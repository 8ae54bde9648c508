import MiniBotLanguage

/// The conversation as a pure state machine: events in, actions out (SPEC E2).
///
/// No clock, audio or network inside: the runner turns time into `.silenceTimeout`, speech
/// into classified `.utterance`s, and performs the returned actions **in order**; a `hangUp`
/// or `transfer` is performed after the prompts queued before it have finished playing.
/// Every decision comes with a `.trace` line, so any call can be explained afterwards.
///
///     var engine = DialogueEngine(scenario: scenario, matcher: matcher, contact: ["first_name": "Jean"])
///     engine.handle(.callAnswered)          // [.trace(…), .playStep(hello)]
///     engine.handle(.utterance(text: "oui", intent: IntentResult(intent: .affirm, confidence: 0.9)))
public struct DialogueEngine: Sendable {
    public let scenario: Scenario
    public let configuration: DialogueConfiguration
    let matcher: any ObjectionMatching
    var indexSource: any IndexSource
    let weights: [String: Double]
    let themes: [String]
    public internal(set) var state: DialogueState

    public init(scenario: Scenario, matcher: any ObjectionMatching, contact: [String: String] = [:],
                configuration: DialogueConfiguration = DialogueConfiguration(),
                indexSource: any IndexSource = SequentialIndexSource()) {
        self.scenario = scenario
        self.configuration = configuration
        self.matcher = matcher
        self.indexSource = indexSource
        self.weights = scenario.qualificationRules?.normalisedWeights ?? [:]
        self.themes = scenario.objectionThemes
        self.state = DialogueState(
            variables: TemplateRenderer.mergedVariables(scenario: scenario.variableDictionary, contact: contact))
    }

    /// Feeds one event; returns what to do, in order.
    public mutating func handle(_ event: DialogueEvent) -> [DialogueAction] {
        var out: [DialogueAction] = []
        guard state.outcome == nil else {
            return [.trace("call already ended (\(state.outcome?.result.rawValue ?? "")); \(event.name) ignored")]
        }
        switch event {
        case .callAnswered:
            guard state.currentStepID == nil else { return [.trace("callAnswered again; ignored")] }
            guard let start = scenario.startStepID else {
                finish(.failed, reason: "the scenario has no steps", stepID: nil, label: nil, into: &out)
                return out
            }
            go(to: start, reason: "call answered → start step \(start)", into: &out)
        case .utterance(let understood):
            handleUtterance(understood, into: &out)
        case .silenceTimeout:
            handleSilence(into: &out)
        case .dtmf(let digit):
            handleDTMF(digit, into: &out)
        case .recognitionFailed:
            handleFailure(into: &out)
        case .callerHungUp:
            let (result, why) = qualifiedResult(label: nil)
            finish(result, reason: "caller hung up on step \(state.currentStepID ?? "-"); \(why)",
                   stepID: state.currentStepID, label: nil, into: &out)
        case .promptFinished:
            out.append(.trace("prompt finished on step \(state.currentStepID ?? "-")"))
        case .maxDurationReached:
            out.append(.playAnswer(SpokenAnswer(text: configuration.phrases.maxDuration, source: .builtin("max_duration"))))
            let (result, why) = qualifiedResult(label: nil)
            finish(result, reason: "maximum call duration reached; \(why)", stepID: state.currentStepID, label: nil, into: &out)
        }
        return out
    }

    /// The step the caller is on.
    public var currentStep: ScenarioStep? {
        state.currentStepID.flatMap { scenario.step($0) }
    }

    /// True once a `hangUp` or `transfer` was returned.
    public var isFinished: Bool { state.outcome != nil }
}

/// Everything the engine remembers about one call; a value, so it can be logged or inspected.
public struct DialogueState: Sendable, Equatable {
    public var currentStepID: String?
    /// The step before the current one (target of `@return`).
    public var previousStepID: String?
    /// Objection/question answers given on the current step.
    public var autonomousTurnsUsed = 0
    public var consecutiveSilences = 0
    public var consecutiveFailures = 0
    /// Caller turns (utterances, silences, DTMF, failures) so far.
    public var turns = 0
    /// Qualification score, 0…100.
    public var score: Double = 0
    public var scoredSteps: Set<String> = []
    /// A determinant step was refused.
    public var disqualified = false
    /// A result decided before the end (opt-out, callback) that overrides the step's.
    public var forcedResult: CallResult?
    /// The caller's words for the callback moment, as the confirmation repeats them ("demain à 14 h").
    public var callbackTime: String?
    /// The same moment as the NLU read it, for the dialer to schedule (nil when no time was said).
    public var callbackRequest: CallbackTime?
    public var lastRailReturnIndex: Int?
    public var variables: [String: String]
    public var history: [String] = []
    public var outcome: CallOutcome?

    public init(variables: [String: String] = [:]) {
        self.variables = variables
    }
}

extension DialogueEvent {
    var name: String {
        switch self {
        case .callAnswered: "callAnswered"
        case .utterance: "utterance"
        case .silenceTimeout: "silenceTimeout"
        case .dtmf: "dtmf"
        case .recognitionFailed: "recognitionFailed"
        case .callerHungUp: "callerHungUp"
        case .promptFinished: "promptFinished"
        case .maxDurationReached: "maxDurationReached"
        }
    }
}
