/// Everything the NLU concluded about one caller utterance, computed once by
/// ``NLUPipeline/understand(_:themes:)`` and carried from the call controller through the dialogue
/// event to the transcript, so nothing downstream normalises, matches or scores the words again.
///
/// ```swift
/// let understood = try NLUPipeline().understand("c'est trop cher", themes: ["finance"])
/// understood.intent.intent          // .objection
/// understood.objection?.entry.id    // "fin_trop_cher"
/// understood.sentiment?.sentiment   // .negative
/// ```
public struct Understanding: Sendable, Equatable {
    /// Whether the objection matcher was consulted for this utterance.
    public enum ObjectionLookup: Sendable, Equatable {
        /// Nobody looked (an event built by hand, e.g. in tests): the dialogue engine asks its own matcher.
        case notDone
        /// The matcher ran with the scenario's themes; nil when nothing matched.
        case done(ObjectionMatch?)
    }

    /// The recogniser's text, trimmed.
    public var text: String
    public var intent: IntentResult
    public var objectionLookup: ObjectionLookup
    /// Nil for silence (no words to judge).
    public var sentiment: SentimentScore?
    /// The moment a callback request names ("demain à 14 h"); read only for the `callback` intent.
    public var callbackTime: CallbackTime?

    public init(text: String, intent: IntentResult, objectionLookup: ObjectionLookup = .notDone,
                sentiment: SentimentScore? = nil, callbackTime: CallbackTime? = nil) {
        self.text = text
        self.intent = intent
        self.objectionLookup = objectionLookup
        self.sentiment = sentiment
        self.callbackTime = callbackTime
    }

    /// The matched entry when the lookup was done and found one.
    public var objection: ObjectionMatch? {
        if case .done(let match) = objectionLookup { return match }
        return nil
    }

    /// An utterance with no words (the recogniser heard nothing usable).
    public static func silence(text: String = "") -> Understanding {
        Understanding(text: text, intent: IntentResult(intent: .silence, confidence: 1), objectionLookup: .done(nil))
    }
}
