/// What a caller's answer means for the conversation, as the dialogue engine routes on it.
///
/// The raw values are the names used in scenario files' `intent_mapping` (seed 000),
/// so `"opt_out"` in JSON decodes to `.optOut`.
public enum Intent: String, Codable, CaseIterable, Sendable, Hashable {
    case affirm
    case deny
    case unsure
    case question
    case objection
    case callback
    case optOut = "opt_out"
    /// Nothing was said before the step's timeout.
    case silence
    /// Something was said, but no intent could be read from it.
    case notUnderstood = "not_understood"
}

/// An intent with the classifier's confidence in it (0…1).
public struct IntentResult: Sendable, Equatable, Codable {
    public var intent: Intent
    public var confidence: Double

    public init(intent: Intent, confidence: Double) {
        self.intent = intent
        self.confidence = confidence
    }
}

/// Classifies one utterance of raw ASR text (no punctuation, fillers, missing apostrophes).
public protocol IntentClassifying: Sendable {
    func classify(_ text: String) -> IntentResult
}

