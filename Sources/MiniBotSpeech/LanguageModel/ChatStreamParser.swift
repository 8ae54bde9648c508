import Foundation

/// Reading the two streamed chat formats, one line at a time, without I/O.
///
/// - Ollama `/api/chat` streams newline-delimited JSON objects:
///   `{"message":{"role":"assistant","content":"Bon"},"done":false}` … `{"done":true,"done_reason":"stop"}`,
///   or `{"error":"…"}`. With `"stream": false` the whole answer is one such object.
/// - OpenAI-compatible servers stream server-sent events: `data: {"choices":[{"delta":{"content":"Bon"}}]}`
///   lines, blank lines between events, and `data: [DONE]` at the end. A server that ignores
///   `"stream": true` answers one JSON completion (`choices[0].message.content`), also accepted.
/// ```swift
/// try ChatStreamParser.ollama(#"{"message":{"content":"Oui"},"done":false}"#)   // .text("Oui")
/// try ChatStreamParser.openAI("data: [DONE]")                                  // .done
/// ```
public enum ChatStreamParser {
    public enum Event: Sendable, Equatable {
        case text(String)
        case done
        /// Nothing to do with this line (SSE comment, blank line, role-only delta).
        case ignore
    }

    public static func ollama(_ line: String) throws(LanguageModelError) -> Event {
        let trimmed = line.trimmed
        guard !trimmed.isEmpty else { return .ignore }
        let object = try jsonObject(trimmed)
        if let message = object["error"] as? String { throw classify(error: message) }
        if let message = object["message"] as? [String: Any], let content = message["content"] as? String, !content.isEmpty {
            return .text(content)
        }
        if (object["done"] as? Bool) == true { return .done }
        guard object["message"] != nil || object["done"] != nil else {
            throw .malformedResponse("no message or done in \(trimmed.prefix(120))")
        }
        return .ignore
    }

    /// Ollama's last object may carry text and `done` together; tells whether this line ended the answer.
    public static func ollamaIsFinal(_ line: String) -> Bool {
        guard let object = try? jsonObject(line.trimmed) else { return false }
        return (object["done"] as? Bool) == true
    }

    public static func openAI(_ line: String) throws(LanguageModelError) -> Event {
        let trimmed = line.trimmed
        guard !trimmed.isEmpty, !trimmed.hasPrefix(":") else { return .ignore }
        guard trimmed.hasPrefix("data:") else {
            // `event:`, `id:`, `retry:` fields carry nothing for chat completions.
            if trimmed.hasPrefix("event:") || trimmed.hasPrefix("id:") || trimmed.hasPrefix("retry:") { return .ignore }
            throw .malformedResponse("not a server-sent event line: \(trimmed.prefix(120))")
        }
        let payload = String(trimmed.dropFirst(5)).trimmed
        if payload == "[DONE]" { return .done }
        let object = try jsonObject(payload)
        if let error = object["error"] { throw .server(status: 200, message: errorText(error)) }
        guard let choices = object["choices"] as? [Any] else {
            throw .malformedResponse("no choices in \(payload.prefix(120))")
        }
        guard let choice = choices.first as? [String: Any] else { return .ignore }
        let delta = (choice["delta"] as? [String: Any]) ?? (choice["message"] as? [String: Any])
        if let content = delta?["content"] as? String, !content.isEmpty { return .text(content) }
        if let text = choice["text"] as? String, !text.isEmpty { return .text(text) }
        return .ignore
    }

    /// A whole (non-streamed) OpenAI completion body.
    public static func openAICompletion(_ body: String) throws(LanguageModelError) -> String {
        let object = try jsonObject(body.trimmed)
        if let error = object["error"] { throw .server(status: 200, message: errorText(error)) }
        guard let choices = object["choices"] as? [Any], let choice = choices.first as? [String: Any] else {
            throw .malformedResponse("no choices in \(body.prefix(120))")
        }
        if let message = choice["message"] as? [String: Any], let content = message["content"] as? String { return content }
        if let text = choice["text"] as? String { return text }
        throw .malformedResponse("no message content in \(body.prefix(120))")
    }

    /// The error text of an error body (`{"error":"…"}`, `{"error":{"message":"…"}}`), else the body itself.
    public static func errorMessage(_ body: String) -> String {
        if let object = try? jsonObject(body.trimmed), let error = object["error"] { return errorText(error) }
        return String(body.trimmed.prefix(200))
    }

    /// Model names in `/api/tags` (`models[].name`) or `/v1/models` (`data[].id`).
    public static func modelNames(_ body: String) throws(LanguageModelError) -> [String] {
        let object = try jsonObject(body.trimmed)
        if let models = object["models"] as? [[String: Any]] {
            return models.compactMap { ($0["name"] as? String) ?? ($0["model"] as? String) }
        }
        if let data = object["data"] as? [[String: Any]] {
            return data.compactMap { $0["id"] as? String }
        }
        throw .malformedResponse("no models or data list in \(body.prefix(120))")
    }

    static func classify(error message: String) -> LanguageModelError {
        let lower = message.lowercased()
        if lower.contains("not found") && lower.contains("model") { return .modelMissing(message) }
        return .server(status: 200, message: message)
    }

    static func errorText(_ error: Any) -> String {
        if let text = error as? String { return text }
        if let object = error as? [String: Any], let message = object["message"] as? String { return message }
        return "\(error)"
    }

    static func jsonObject(_ text: String) throws(LanguageModelError) -> [String: Any] {
        guard let data = text.data(using: .utf8),
              let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
              let object = value as? [String: Any] else {
            throw .malformedResponse("not a JSON object: \(text.prefix(120))")
        }
        return object
    }
}

/// Splits a byte stream into text lines (`\n` or `\r\n`), keeping a partial last line until
/// its end arrives. A line longer than `maxLineBytes` is an error, so a server streaming
/// garbage cannot grow memory without bound.
public struct LineSplitter: Sendable {
    private var pending: [UInt8] = []
    public let maxLineBytes: Int

    public init(maxLineBytes: Int = 1 << 20) {
        self.maxLineBytes = maxLineBytes
    }

    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) throws(LanguageModelError) -> [String] where Bytes.Element == UInt8 {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
                lines.append(String(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count > maxLineBytes { throw .malformedResponse("a line longer than \(maxLineBytes) bytes") }
            }
        }
        return lines
    }

    /// The unterminated last line, if any.
    public mutating func finish() -> String? {
        defer { pending.removeAll() }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}
