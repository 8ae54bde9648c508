import MiniBotLanguage

/// The scenario fields that steer the language model, read from the fields the decoder keeps
/// in `extras` (so files without them load exactly as before):
/// - step `llm_prompt`: a system prompt (seed 004's per-state prompts) under which the model words
///   the step's reply from what the caller just said; `message_text` stays the fallback;
/// - `freestyle: true|false` on a step or in `metadata`: whether an unmatched objection or question
///   on an autonomous step may get a generated answer (default: yes when a model is configured).
///
/// ```json
/// "identification": { "message_text": "Puis-je avoir votre nom ?", "llm_prompt": "Tu es un agent SAV…", "freestyle": false }
/// ```
extension ScenarioStep {
    public static let llmPromptKey = "llm_prompt"
    public static let freestyleKey = "freestyle"
    /// Longest accepted `llm_prompt`: a system prompt, not a document (it is sent with every turn).
    public static let maxLLMPromptLength = 2_000

    /// The step's `llm_prompt`, when it is a non-blank string.
    public var llmPrompt: String? {
        guard case .string(let text)? = extra(Self.llmPromptKey) else { return nil }
        return text.contains(where: { !$0.isWhitespace }) ? text : nil
    }

    /// The step's own `freestyle` flag, when it is a boolean.
    public var freestyle: Bool? {
        guard case .bool(let flag)? = extra(Self.freestyleKey) else { return nil }
        return flag
    }

    func extra(_ key: String) -> JSONValue? {
        extras.first { $0.key == key }?.value
    }
}

extension Scenario {
    /// `metadata.freestyle`, when it is a boolean.
    public var freestyleDefault: Bool? {
        guard case .bool(let flag)? = metadata.extras.first(where: { $0.key == ScenarioStep.freestyleKey })?.value else { return nil }
        return flag
    }

    /// Whether `step` may answer with the model: the step's flag, else the scenario's, else yes.
    public func allowsFreestyle(on step: ScenarioStep) -> Bool {
        step.freestyle ?? freestyleDefault ?? true
    }

    /// What the scenario itself states (description, objective, variables, step texts): the facts a
    /// generated answer may repeat, and the only amounts or promises it may make (``ReplyPolicy``).
    public var statedFacts: String {
        var parts: [String] = []
        if let description = metadata.description { parts.append(description) }
        if let objective = metadata.objective { parts.append(objective) }
        parts += variables.map { "\($0.name) : \($0.value)" }
        parts += steps.map(\.messageText)
        return parts.joined(separator: "\n")
    }
}
