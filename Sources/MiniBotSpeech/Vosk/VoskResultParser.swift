import Foundation

/// Reads Vosk's JSON strings: partials `{"partial": "…"}` and results
/// `{"text": "…", "result": [{"conf": 0.9, "word": "…", "start": …, "end": …}]}`.
///
/// Confidence is the mean word `conf`; a result without words (set_words off) gets `nil`.
/// ```swift
/// let segment = try VoskResultParser.result(from: #"{"text":"oui","result":[{"conf":0.8,"word":"oui"}]}"#)
/// // segment.text == "oui", segment.confidences == [0.8]
/// ```
enum VoskResultParser {
    struct Segment: Equatable, Sendable {
        var text: String
        var confidences: [Double]
    }

    private struct Payload: Decodable {
        struct Word: Decodable { var conf: Double? }
        var text: String?
        var partial: String?
        var result: [Word]?
    }

    static func result(from json: String) throws(RecognitionError) -> Segment {
        let payload = try decode(json)
        guard let text = payload.text else {
            throw .malformedResponse("Vosk result has no \"text\": \(json.prefix(200))")
        }
        return Segment(text: text.trimmingCharacters(in: .whitespaces), confidences: (payload.result ?? []).compactMap(\.conf))
    }

    static func partial(from json: String) throws(RecognitionError) -> String {
        let payload = try decode(json)
        guard let partial = payload.partial else {
            throw .malformedResponse("Vosk partial result has no \"partial\": \(json.prefix(200))")
        }
        return partial.trimmingCharacters(in: .whitespaces)
    }

    private static func decode(_ json: String) throws(RecognitionError) -> Payload {
        do {
            return try JSONDecoder().decode(Payload.self, from: Data(json.utf8))
        } catch {
            throw .malformedResponse("Vosk returned invalid JSON: \(json.prefix(200))")
        }
    }
}

/// The text of an utterance that Vosk may have split into several segments (each time it
/// detected an endpoint inside the session).
struct VoskTranscript: Sendable, Equatable {
    private(set) var segments: [VoskResultParser.Segment] = []

    mutating func append(_ segment: VoskResultParser.Segment) {
        if !segment.text.isEmpty { segments.append(segment) }
    }

    /// Closed segments' text, plus an optional in-progress partial.
    func text(with partial: String = "") -> String {
        (segments.map(\.text) + (partial.isEmpty ? [] : [partial])).joined(separator: " ")
    }

    /// Mean word confidence over all segments; 1 when there are words but Vosk gave no confidences, 0 when empty.
    var confidence: Double {
        let all = segments.flatMap(\.confidences)
        if all.isEmpty { return segments.isEmpty ? 0 : 1 }
        return all.reduce(0, +) / Double(all.count)
    }
}
