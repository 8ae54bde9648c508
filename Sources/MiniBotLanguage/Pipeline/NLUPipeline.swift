/// Everything `minibot nlu classify` prints for one utterance: intent, objection, sentiment.
///
/// The utterance is normalised once and the tokens shared by the classifier, the matcher and
/// the sentiment analyser, so the whole analysis stays in the tens of microseconds.
/// The objection matcher runs for every non-empty utterance: it returns nil for unrelated
/// words, and the dialogue engine decides from the intent whether to use the answer.
///
/// ```swift
/// let nlu = try NLUPipeline()
/// let result = nlu.analyze("oui mais c'est trop cher", themes: ["finance"])
/// // result.intent == "objection", result.objection?.id == "fin_trop_cher"
/// let json = try JSONEncoder().encode(result) // {"text":…,"intent":…,"confidence":…,"objection":{…},"sentiment":…}
/// ```
public struct NLUPipeline: Sendable {
    public let classifier: IntentClassifier
    public let matcher: ObjectionMatcher
    public let sentimentAnalyzer: SentimentAnalyzer
    private let normalizer = FrenchNormalizer()
    private let slots = SlotExtractor()

    /// Uses the shipped objection themes.
    public init() throws {
        self.init(database: try ObjectionDatabase.bundled())
    }

    public init(database: ObjectionDatabase, threshold: Double = 0.75) {
        self.classifier = IntentClassifier()
        self.matcher = ObjectionMatcher(database: database, threshold: threshold)
        self.sentimentAnalyzer = SentimentAnalyzer()
    }

    /// The whole analysis of one utterance, normalised once.
    public func understand(_ text: String, themes: [String]) -> Understanding {
        let normalized = normalizer.normalize(text)
        let intent = classifier.classify(normalized: normalized, rawText: text)
        let match = normalized.tokens.isEmpty ? nil : matcher.bestMatch(tokens: normalized.tokens, themes: themes)
        let sentiment = sentimentAnalyzer.analyze(tokens: normalized.tokens)
        let callback = intent.intent == .callback ? slots.callbackTime(tokens: normalized.tokens) : nil
        return Understanding(text: text, intent: intent, objectionLookup: .done(match), sentiment: sentiment,
                             callbackTime: callback)
    }

    /// `understand` as `minibot nlu classify` prints it.
    public func analyze(_ text: String, themes: [String]) -> NLUResult {
        let understood = understand(text, themes: themes)
        return NLUResult(
            text: text,
            intent: understood.intent.intent.rawValue,
            confidence: understood.intent.confidence,
            objection: understood.objection.map {
                NLUResult.ObjectionSummary(id: $0.entry.id, score: $0.score, theme: $0.entry.theme, category: $0.entry.category)
            },
            sentiment: understood.sentiment?.sentiment ?? .neutral
        )
    }
}

/// One line of `minibot nlu classify` output. Keys are exactly `text`, `intent`, `confidence`,
/// `objection` (null when nothing matched) and `sentiment`.
public struct NLUResult: Sendable, Equatable, Codable {
    public struct ObjectionSummary: Sendable, Equatable, Codable {
        public var id: String
        public var score: Double
        public var theme: String
        public var category: String

        public init(id: String, score: Double, theme: String, category: String) {
            self.id = id
            self.score = score
            self.theme = theme
            self.category = category
        }
    }

    public var text: String
    /// `Intent` raw value ("affirm", "opt_out", …).
    public var intent: String
    public var confidence: Double
    public var objection: ObjectionSummary?
    public var sentiment: Sentiment

    public init(text: String, intent: String, confidence: Double, objection: ObjectionSummary?, sentiment: Sentiment) {
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.objection = objection
        self.sentiment = sentiment
    }

    enum CodingKeys: String, CodingKey {
        case text, intent, confidence, objection, sentiment
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(intent, forKey: .intent)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(objection, forKey: .objection) // explicit null keeps the key set fixed
        try container.encode(sentiment, forKey: .sentiment)
    }
}
