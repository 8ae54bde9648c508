import MiniBotLanguage

/// What the runner must do next, in order. Every decision also yields a `.trace` saying why.
///
///     for action in engine.handle(event) {
///         switch action { case .playStep(let prompt): play(prompt.audioFile ?? tts(prompt.text)) … }
///     }
public enum DialogueAction: Sendable, Equatable {
    /// Play a scenario step, then listen for `timeout` seconds.
    case playStep(StepPrompt)
    /// Play an objection/FAQ answer or a built-in sentence (apology, "Allô ?").
    case playAnswer(SpokenAnswer)
    /// A closed question that brings the caller back to the rail ("Ça vous parle ?").
    case playRailReturn(String)
    /// Ask the language model for an answer, play it, then the rail return that follows.
    case freestyle(FreestyleRequest)
    /// Listen for the caller's reply for this many seconds (after answers, not after `playStep`).
    case listen(timeout: Double)
    case setVariable(name: String, value: String)
    /// Put the contact on the do-not-call list now (SPEC F5).
    case markOptOut
    /// Hand the call to `target` (queue, extension); the bot's part ends with `outcome`.
    case transfer(target: String, outcome: CallOutcome)
    /// End the call (if still connected) and record `outcome`.
    case hangUp(CallOutcome)
    /// Why the engine did what it did ("intent deny on determinant step q1 → bye_failed").
    case trace(String)
}

/// A step's prompt, rendered for this contact.
public struct StepPrompt: Sendable, Equatable {
    public var stepID: String
    public var text: String
    public var audioFile: String?
    public var audioType: String?
    public var voice: String?
    public var bargeIn: Bool
    public var timeout: Double

    public init(stepID: String, text: String, audioFile: String?, audioType: String?, voice: String?, bargeIn: Bool, timeout: Double) {
        self.stepID = stepID
        self.text = text
        self.audioFile = audioFile
        self.audioType = audioType
        self.voice = voice
        self.bargeIn = bargeIn
        self.timeout = timeout
    }
}

/// Something to say that is not a step: an objection/FAQ entry or a built-in sentence.
public struct SpokenAnswer: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case objection(id: String, score: Double)
        case faq(id: String, score: Double)
        case builtin(String)
    }

    public var text: String
    /// Relative to the voice's `objections/` folder for entries; `nil` → TTS on `text`.
    public var audioFile: String?
    public var source: Source

    public init(text: String, audioFile: String? = nil, source: Source) {
        self.text = text
        self.audioFile = audioFile
        self.source = source
    }
}

/// Context for an LLM "freestyle" answer when no objection entry matched (seed 001).
public struct FreestyleRequest: Sendable, Equatable {
    public var utterance: String
    public var intent: Intent
    public var stepID: String
    /// The rendered prompt of the current step: what the caller is answering.
    public var stepPrompt: String
    public var objective: String?
    public var themes: [String]
    /// The closed question to play after the generated answer.
    public var railReturn: String?
    /// Recent lines, oldest first ("bot: …", "caller: …").
    public var history: [String]

    public init(utterance: String, intent: Intent, stepID: String, stepPrompt: String, objective: String?,
                themes: [String], railReturn: String?, history: [String]) {
        self.utterance = utterance
        self.intent = intent
        self.stepID = stepID
        self.stepPrompt = stepPrompt
        self.objective = objective
        self.themes = themes
        self.railReturn = railReturn
        self.history = history
    }
}
