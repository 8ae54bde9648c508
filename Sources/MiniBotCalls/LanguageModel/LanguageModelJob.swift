import MiniBotLanguage

/// One question to the language model, as the pure ``CallController`` asks it and the runner's
/// ``LanguageModelService`` answers it.
///
/// ```swift
/// LanguageModelJob(id: 3, purpose: .freestyle, messages: request.messages(facts: variables),
///                  policy: ReplyPolicy(allowedFacts: scenario.statedFacts), cacheKey: "finance|c est quoi")
/// ```
public struct LanguageModelJob: Sendable, Equatable {
    public enum Purpose: Sendable, Equatable, Hashable {
        /// One label of ``IntentLabelPrompt``'s closed set, when the local classifier is unsure.
        case intent
        /// An answer to an objection or question the matcher had no entry for.
        case freestyle
        /// A step's reply worded under its `llm_prompt`.
        case step(String)

        public var name: String {
            switch self {
            case .intent: "intent"
            case .freestyle: "freestyle"
            case .step: "step"
            }
        }
    }

    public var id: Int
    public var purpose: Purpose
    public var messages: [ChatMessage]
    public var maxTokens: Int
    /// Caps and facts for answers (ignored for `.intent`).
    public var policy: ReplyPolicy
    /// Answers with the same key are served from the cache (freestyle: scenario + normalised question).
    public var cacheKey: String?

    public init(id: Int, purpose: Purpose, messages: [ChatMessage], maxTokens: Int = 150,
                policy: ReplyPolicy = ReplyPolicy(), cacheKey: String? = nil) {
        self.id = id
        self.purpose = purpose
        self.messages = messages
        self.maxTokens = maxTokens
        self.policy = policy
        self.cacheKey = cacheKey
    }
}

/// What the model said for a job, as inputs of the pure controller. Every job ends with exactly one
/// `finished` or `failed`, at the latest `LLM_TIMEOUT_MS` after it started if no sentence came.
public enum LanguageModelEvent: Sendable, Equatable {
    /// A sentence of an answer, already shaped (caps, filters): speak it now.
    case sentence(job: Int, text: String)
    /// The whole raw answer of an `.intent` job.
    case label(job: Int, text: String)
    /// `firstSentenceMs`: when the first sentence (or label) was ready; `cached`: served from the cache.
    case finished(job: Int, latencyMs: Double, firstSentenceMs: Double?, cached: Bool)
    case failed(job: Int, reason: String, latencyMs: Double)

    public var job: Int {
        switch self {
        case .sentence(let job, _), .label(let job, _), .finished(let job, _, _, _), .failed(let job, _, _): job
        }
    }
}

/// Who answered one turn that could have needed the model, for the report, the transcript and
/// `/metrics` (`minibot_llm_seconds`, `minibot_llm_failures_total`).
public struct LanguageModelUse: Sendable, Equatable, Codable {
    public enum Path: String, Sendable, Equatable, Codable {
        /// The objection/FAQ matcher answered: no model needed.
        case matcher
        /// The model answered (or labelled).
        case llm
        /// The model failed or was too slow: the local fallback played.
        case fallback
        /// The caller spoke, hung up or the call ended before the model finished.
        case cancelled
    }

    /// "intent", "freestyle", "step".
    public var purpose: String
    public var path: Path
    /// Wall-clock time from the request to the end of the answer (nil for the matcher).
    public var latencyMs: Double?
    public var firstSentenceMs: Double?
    public var cached: Bool
    /// Why the model did not answer (`fallback` only).
    public var failure: String?
    /// Milliseconds since the call started (caller frame timeline).
    public var atMs: Int

    public init(purpose: String, path: Path, latencyMs: Double? = nil, firstSentenceMs: Double? = nil, cached: Bool = false,
                failure: String? = nil, atMs: Int) {
        self.purpose = purpose
        self.path = path
        self.latencyMs = latencyMs
        self.firstSentenceMs = firstSentenceMs
        self.cached = cached
        self.failure = failure
        self.atMs = atMs
    }

    enum CodingKeys: String, CodingKey {
        case purpose, path, latencyMs = "latency_ms", firstSentenceMs = "first_sentence_ms", cached, failure, atMs = "at_ms"
    }
}

/// How the controller uses a configured language model.
///
/// ```swift
/// var configuration = CallControllerConfiguration()
/// configuration.languageModel = LanguageModelSettings(intentThreshold: 0.5)
/// configuration.dialogue.languageModelAvailable = true   // freestyle answers
/// ```
public struct LanguageModelSettings: Sendable, Equatable {
    /// The model is asked for a label only when the local classifier's confidence is below this
    /// (or it understood nothing). Opt-outs and silences never go to the model.
    public var intentThreshold: Double
    public var maxSentences: Int
    public var maxCharacters: Int
    public var maxTokens: Int

    public init(intentThreshold: Double = 0.5, maxSentences: Int = 2, maxCharacters: Int = 220, maxTokens: Int = 150) {
        self.intentThreshold = intentThreshold
        self.maxSentences = maxSentences
        self.maxCharacters = maxCharacters
        self.maxTokens = maxTokens
    }

    /// Whether a local result should be checked by the model.
    /// ```swift
    /// settings.needsModel(IntentResult(intent: .affirm, confidence: 0.9))   // false
    /// settings.needsModel(IntentResult(intent: .notUnderstood, confidence: 0.6)) // true
    /// ```
    public func needsModel(_ local: IntentResult) -> Bool {
        switch local.intent {
        case .silence, .optOut: false
        case .notUnderstood: true
        default: local.confidence < intentThreshold
        }
    }

    public func policy(facts: String) -> ReplyPolicy {
        ReplyPolicy(maxSentences: maxSentences, maxCharacters: maxCharacters, allowedFacts: facts)
    }
}
