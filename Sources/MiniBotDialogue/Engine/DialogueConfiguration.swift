/// Settings of the engine that are not in the scenario: the rail-return questions, whether a
/// language model is available, caps and the built-in French sentences.
///
///     var config = DialogueConfiguration()
///     config.railReturnQuestions = language.railReturnQuestions   // the NLU's 36 questions
///     config.languageModelAvailable = true
public struct DialogueConfiguration: Sendable {
    /// Closed questions played after an autonomous answer; never the same twice in a row.
    public var railReturnQuestions: [String]
    /// When true, unmatched objections/questions yield `.freestyle`; else the not-understood prompt.
    public var languageModelAvailable: Bool
    /// Minimum matcher score to use an objection entry.
    public var minimumMatchScore: Double
    /// Hard cap on caller turns (utterances, silences, DTMF) so no scenario loops forever.
    public var maxTurns: Int
    /// Consecutive silences that end the call as NO_ANSWER (seed 001: 2).
    public var maxConsecutiveSilences: Int
    /// Consecutive engine/recognition failures before a soft hang-up (seed 004: 3).
    public var maxConsecutiveFailures: Int
    /// Used when a step has no `max_autonomous_turns` (seed 000's recommended value: 2).
    public var defaultMaxAutonomousTurns: Int
    /// Used when a step has no `timeout`, in seconds.
    public var defaultTimeout: Double
    /// How many recent lines go into a freestyle request.
    public var historyLength: Int
    /// Finds "demain à 14 h" in "rappelez-moi demain à 14 h"; `nil` when no time was said.
    public var callbackTimeExtractor: @Sendable (String) -> String?
    public var phrases: DialoguePhrases

    public init(railReturnQuestions: [String] = DialoguePhrases.defaultRailReturnQuestions,
                languageModelAvailable: Bool = false, minimumMatchScore: Double = 0.5, maxTurns: Int = 40,
                maxConsecutiveSilences: Int = 2, maxConsecutiveFailures: Int = 3, defaultMaxAutonomousTurns: Int = 2,
                defaultTimeout: Double = 15, historyLength: Int = 6,
                callbackTimeExtractor: @escaping @Sendable (String) -> String? = CallbackTimeExtractor.extract,
                phrases: DialoguePhrases = DialoguePhrases()) {
        self.railReturnQuestions = railReturnQuestions
        self.languageModelAvailable = languageModelAvailable
        self.minimumMatchScore = minimumMatchScore
        self.maxTurns = maxTurns
        self.maxConsecutiveSilences = maxConsecutiveSilences
        self.maxConsecutiveFailures = maxConsecutiveFailures
        self.defaultMaxAutonomousTurns = defaultMaxAutonomousTurns
        self.defaultTimeout = defaultTimeout
        self.historyLength = historyLength
        self.callbackTimeExtractor = callbackTimeExtractor
        self.phrases = phrases
    }
}

/// Built-in French sentences, used when the scenario has no step for the situation.
public struct DialoguePhrases: Sendable, Equatable {
    public var stillThere = "Allô, vous êtes toujours là ?"
    public var notUnderstood = "Excusez-moi, je n'ai pas bien compris."
    public var pleaseRepeat = "Désolé, pouvez-vous répéter ?"
    public var technicalError = "Désolé, nous rencontrons un problème technique. Nous vous rappellerons. Au revoir !"
    public var optOutApology = "Je comprends tout à fait. Vous ne serez plus appelé, je vous prie de nous excuser pour le dérangement. Au revoir !"
    /// `{{callback_time}}` is replaced by the time the caller said, or removed.
    public var callbackConfirmation = "Très bien, nous vous rappellerons {{callback_time}}. Bonne journée !"
    public var callbackConfirmationNoTime = "Très bien, nous vous rappellerons. Bonne journée !"
    public var maxDuration = "Merci pour votre appel. Au revoir !"

    public init() {}

    /// A small fallback list; the NLU module ships the full set of 36+ (SPEC D5).
    public static let defaultRailReturnQuestions = [
        "Ça vous parle ?", "Vous êtes d'accord ?", "C'est plus clair ?", "Ça vous rassure un peu ?",
        "Ça répond à votre question ?", "On continue ?", "Vous voyez l'idée ?", "Ça vous semble raisonnable ?",
    ]
}
