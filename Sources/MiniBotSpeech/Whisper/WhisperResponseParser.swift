import Foundation

/// Turns an OpenAI-compatible transcription answer into text and confidence.
///
/// - `json`: `{"text": "…"}` → confidence 1 (the format carries none).
/// - `verbose_json`: `{"text", "segments": [{"text", "avg_logprob", "no_speech_prob"}]}` →
///   segments that Whisper itself would call silence (`no_speech_prob > noSpeechThreshold` and
///   `avg_logprob < logprobThreshold`) are dropped; confidence = exp(mean avg_logprob) of the rest.
/// Error bodies (`{"error": {"message"}}` from OpenAI/Groq, `{"detail"}` from FastAPI servers) give the message.
/// ```swift
/// let heard = try WhisperResponseParser.parse(Array(#"{"text":" Oui."}"#.utf8), configuration: config)
/// // heard.text == "Oui.", heard.confidence == 1
/// ```
enum WhisperResponseParser {
    struct Heard: Equatable, Sendable {
        var text: String
        var confidence: Double
    }

    private struct Payload: Decodable {
        struct Segment: Decodable {
            var text: String?
            var avg_logprob: Double?
            var no_speech_prob: Double?
        }
        var text: String
        var segments: [Segment]?
    }

    static func parse(_ body: [UInt8], configuration: WhisperConfiguration) throws(RecognitionError) -> Heard {
        let payload: Payload
        do {
            payload = try JSONDecoder().decode(Payload.self, from: Data(body))
        } catch {
            throw .malformedResponse("transcription answer is not {\"text\": …} JSON: \(snippet(body))")
        }
        guard let segments = payload.segments, !segments.isEmpty else {
            let text = clean(payload.text)
            return Heard(text: text, confidence: text.isEmpty ? 0 : 1)
        }
        let spoken = segments.filter { segment in
            !((segment.no_speech_prob ?? 0) > configuration.noSpeechThreshold
                && (segment.avg_logprob ?? 0) < configuration.logprobThreshold)
        }
        if spoken.isEmpty { return Heard(text: "", confidence: 0) }
        let text = spoken.count == segments.count
            ? clean(payload.text)
            : clean(spoken.compactMap(\.text).map(clean).joined(separator: " "))
        let logprobs = spoken.compactMap(\.avg_logprob)
        let confidence = logprobs.isEmpty ? 1 : min(1, max(0, exp(logprobs.reduce(0, +) / Double(logprobs.count))))
        return Heard(text: text, confidence: text.isEmpty ? 0 : confidence)
    }

    /// The human-readable message of an error answer, or the start of the body.
    static func errorMessage(_ body: [UInt8]) -> String {
        struct OpenAIError: Decodable { struct Inner: Decodable { var message: String }; var error: Inner }
        struct Detail: Decodable { var detail: String }
        let data = Data(body)
        if let decoded = try? JSONDecoder().decode(OpenAIError.self, from: data) { return decoded.error.message }
        if let decoded = try? JSONDecoder().decode(Detail.self, from: data) { return decoded.detail }
        return snippet(body)
    }

    private static func clean(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func snippet(_ body: [UInt8]) -> String {
        String(decoding: body.prefix(200), as: UTF8.self)
    }
}
