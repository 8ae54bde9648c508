/// One message of a chat-completion conversation, as both Ollama's `/api/chat` and the
/// OpenAI-compatible `/v1/chat/completions` take it (`{"role": "system", "content": "…"}`).
///
/// Lives in the pure language core so prompts are built and tested without any HTTP client.
/// ```swift
/// let messages = [ChatMessage(.system, "Tu es un conseiller."), ChatMessage(.user, "c'est quoi ce truc")]
/// ```
public struct ChatMessage: Sendable, Equatable, Hashable, Codable {
    public enum Role: String, Sendable, Equatable, Hashable, Codable {
        case system
        case user
        case assistant
    }

    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}
