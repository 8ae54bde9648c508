/// The text of one utterance as a streaming server reveals it: closed segments that never change,
/// plus the open segment's hypothesis that each partial replaces. Deepgram's `is_final` results
/// and vosk-server's `text` results are both closed segments, so one model serves both.
/// ```swift
/// var transcript = StreamingTranscript()
/// transcript.apply(.partial(text: "oui je"))
/// transcript.apply(.segment(text: "oui je veux bien", confidence: 0.9, endsUtterance: true))
/// transcript.text   // "oui je veux bien"
/// ```
public struct StreamingTranscript: Sendable, Equatable {
    private(set) var segments: [(text: String, confidence: Double?)] = []
    private(set) var open = ""
    /// The server said the caller stopped speaking (Deepgram `speech_final`).
    public private(set) var speechEnded = false

    public init() {}

    public mutating func apply(_ event: StreamingEvent) {
        switch event {
        case .partial(let text):
            open = text.trimmedSpaces
        case .segment(let text, let confidence, let endsUtterance):
            let text = text.trimmedSpaces
            if !text.isEmpty { segments.append((text, confidence)) }
            open = ""
            if endsUtterance { speechEnded = true }
        case .complete, .ignored:
            break
        }
    }

    /// Closed segments and the open hypothesis, space-separated.
    public var text: String {
        (segments.map(\.text) + (open.isEmpty ? [] : [open])).joined(separator: " ")
    }

    /// Mean confidence of the closed segments that carry one; 1 when there are words but no
    /// confidence, 0 when nothing was heard.
    public var confidence: Double {
        let known = segments.compactMap(\.confidence)
        if !known.isEmpty { return known.reduce(0, +) / Double(known.count) }
        return text.isEmpty ? 0 : 1
    }

    public static func == (lhs: StreamingTranscript, rhs: StreamingTranscript) -> Bool {
        lhs.text == rhs.text && lhs.open == rhs.open && lhs.speechEnded == rhs.speechEnded
            && lhs.segments.map(\.confidence) == rhs.segments.map(\.confidence)
    }
}

extension String {
    var trimmedSpaces: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
