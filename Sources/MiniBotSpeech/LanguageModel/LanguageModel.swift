import MiniBotLanguage

/// A chat language model reached over HTTP (Ollama's `/api/chat`, an OpenAI-compatible
/// `/v1/chat/completions`): the answer arrives in pieces, handed to `onText` as they come, so
/// the caller can speak the first sentence before the last is written.
///
/// No task is spawned inside: `chat` returns when the answer is complete, `onText` returned
/// false (enough was said), or the calling task was cancelled (the runner's deadline).
/// ```swift
/// try await model.chat(ChatRequest(messages: messages, maxTokens: 150)) { piece in print(piece); return true }
/// ```
public protocol LanguageModel: Sendable {
    /// "ollama" or "openai", for logs and reports.
    var name: String { get }
    var model: String { get }
    func chat(_ request: ChatRequest, onText: @Sendable (String) async -> Bool) async throws
    /// Loads the model ahead of the first call (Ollama `keep_alive`); a no-op where the server owns it.
    func prewarm() async throws
    /// The models the server offers (`/api/tags`, `/v1/models`), for `minibot doctor`.
    func availableModels() async throws -> [String]
}

/// One chat completion request.
public struct ChatRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    /// Seed 004 uses 150 tokens; the intent fall-back needs a handful.
    public var maxTokens: Int
    public var temperature: Double

    public init(messages: [ChatMessage], maxTokens: Int = 150, temperature: Double = 0.3) {
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
    }
}

/// Why a language model gave no (complete) answer. The call plays its local fallback for all of them.
public enum LanguageModelError: Error, Sendable, Equatable, CustomStringConvertible {
    case timeout
    case unauthorized
    /// The server does not have the configured model (Ollama 404 "model … not found").
    case modelMissing(String)
    case server(status: Int, message: String)
    case malformedResponse(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .timeout: "language model timed out"
        case .unauthorized: "language model refused the credentials (unauthorized)"
        case .modelMissing(let model): "language model \"\(model)\" is not on the server"
        case .server(let status, let message): "language model server error \(status): \(message)"
        case .malformedResponse(let reason): "language model returned a malformed response: \(reason)"
        case .unavailable(let reason): "language model unavailable: \(reason)"
        }
    }

    /// A short label for metrics and reports ("timeout", "server", …).
    public var kind: String {
        switch self {
        case .timeout: "timeout"
        case .unauthorized: "unauthorized"
        case .modelMissing: "model_missing"
        case .server: "server"
        case .malformedResponse: "malformed"
        case .unavailable: "unavailable"
        }
    }
}
