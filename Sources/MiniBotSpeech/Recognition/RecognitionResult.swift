/// What a recognizer heard: the text, how sure it is, whether the text can still change,
/// and which engine produced it (so transcripts can say "simulated" or "vosk").
///
/// The engine name travels with every result because a call's transcript may mix engines
/// (fall-back after an outage) and a demo transcript must never pass for real recognition.
/// ```swift
/// let heard = RecognitionResult(text: "oui d'accord", confidence: 0.92, isFinal: true, engine: "vosk")
/// ```
public struct RecognitionResult: Sendable, Equatable, Codable {
    /// Recognized words, lower-case and unpunctuated for Vosk, as the server returns for Whisper.
    public var text: String
    /// 0…1. Vosk: mean word confidence. Whisper: exp(mean segment avg_logprob).
    public var confidence: Double
    /// `false` for partial results that may still change, `true` for the utterance's final text.
    public var isFinal: Bool
    /// Engine label: "vosk", "whisper", "simulated".
    public var engine: String

    public init(text: String, confidence: Double, isFinal: Bool, engine: String) {
        self.text = text
        self.confidence = confidence
        self.isFinal = isFinal
        self.engine = engine
    }

    /// A final result with no words, returned when nothing was said or the utterance was empty.
    public static func silence(engine: String) -> RecognitionResult {
        RecognitionResult(text: "", confidence: 0, isFinal: true, engine: engine)
    }
}
