/// One line of a call's transcript: what the runner observed, what storage keeps row by row and
/// what the API, the dashboard and the JSON/TXT exports show.
///
/// ```swift
/// Turn(speaker: .caller, text: "oui", intent: "affirm", confidence: 0.9, sentiment: .positive,
///      startMs: 5_200, endMs: 5_800, engine: "simulated")
/// ```
public struct Turn: Sendable, Hashable, Codable {
    public enum Speaker: String, Sendable, Hashable, Codable, CaseIterable {
        case bot
        case caller
    }

    public var speaker: Speaker
    public var text: String
    /// The intent understood (caller turns) or the scenario step played (bot turns).
    public var intent: String?
    public var confidence: Double?
    public var sentiment: Sentiment?
    /// Milliseconds since the call started (inbound frame timeline).
    public var startMs: Int
    public var endMs: Int
    /// Recognizer label for caller turns ("simulated", "vosk"…); prompt source for bot turns.
    public var engine: String?

    public init(speaker: Speaker, text: String, intent: String? = nil, confidence: Double? = nil,
                sentiment: Sentiment? = nil, startMs: Int, endMs: Int, engine: String? = nil) {
        self.speaker = speaker
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.sentiment = sentiment
        self.startMs = startMs
        self.endMs = endMs
        self.engine = engine
    }

    enum CodingKeys: String, CodingKey {
        case speaker = "who", text, intent, confidence, sentiment
        case startMs = "start_ms", endMs = "end_ms", engine
    }
}
