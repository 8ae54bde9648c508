import MiniBotLanguage

/// The prompts sent to the language model for a freestyle answer and for a step's `llm_prompt`.
///
/// The freestyle system prompt carries the scenario's objective, company and product facts and the
/// conversation so far, and the rules the answer must keep (French, two sentences, no invented price
/// or promise, no question: the rail-return question follows). ``ReplyShaper`` enforces the same
/// rules on the way out, since a prompt is only a request.
/// ```swift
/// let messages = request.messages(facts: scenario.variableDictionary)
/// // [system: "Tu es un conseiller … Objectif de l'appel : …", user: "C'est quoi votre société ?"]
/// ```
extension FreestyleRequest {
    public func messages(facts: [String: String]) -> [ChatMessage] {
        var system = """
        Tu es un conseiller téléphonique français, poli et bref. Tu réponds à une objection ou une question \
        de la personne appelée. Réponds en français, en une ou deux phrases courtes, sans liste ni mise en forme. \
        N'invente aucun prix, chiffre, remise ni promesse qui ne figure pas ci-dessous ; si tu ne sais pas, dis-le \
        simplement. Ne pose pas de question : une question suivra ta réponse.
        """
        if let objective, !objective.isEmpty { system += "\nObjectif de l'appel : \(objective)" }
        let known = facts.filter { !$0.value.isEmpty && !$0.value.contains("{{") }.sorted { $0.key < $1.key }
        if !known.isEmpty {
            system += "\nInformations :\n" + known.map { "- \($0.key) : \($0.value)" }.joined(separator: "\n")
        }
        if !themes.isEmpty { system += "\nThèmes : \(themes.joined(separator: ", "))" }
        if !stepPrompt.isEmpty { system += "\nDernière question posée par le conseiller : \(stepPrompt)" }
        var messages = [ChatMessage(.system, system)]
        messages += Self.conversation(history, dropping: utterance)
        messages.append(ChatMessage(.user, utterance))
        return messages
    }

    /// History lines ("bot: …", "caller: …") as chat turns; the caller's last line (the one being
    /// answered) is left out since it is sent as the final user message.
    static func conversation(_ history: [String], dropping last: String) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        for line in history {
            if line.hasPrefix("bot: ") {
                messages.append(ChatMessage(.assistant, String(line.dropFirst(5))))
            } else if line.hasPrefix("caller: ") {
                messages.append(ChatMessage(.user, String(line.dropFirst(8))))
            }
        }
        if let final = messages.last, final.role == .user, final.content == last { messages.removeLast() }
        return messages
    }

    /// The key under which an answer is cached: same scenario, same normalised question.
    /// ```swift
    /// FreestyleRequest.cacheKey(scenario: "finance", utterance: "Euh, c'est quoi, votre société ?") // "finance|c est quoi votre societe"
    /// ```
    public static func cacheKey(scenario: String, utterance: String) -> String {
        let tokens = FrenchNormalizer().normalize(utterance).tokens
        return scenario + "|" + tokens.joined(separator: " ")
    }
}

/// The prompt for a step that has an `llm_prompt` (seed 004's after-sales states): the step's system
/// prompt, the rules of the voice, and what the caller just said.
///
/// ```swift
/// StepLanguageModelPrompt.messages(llmPrompt: "Tu es un agent SAV…", stepText: "Puis-je avoir votre nom ?",
///                                  lastUtterance: "j'ai un souci de box", history: [])
/// ```
public enum StepLanguageModelPrompt {
    public static func messages(llmPrompt: String, stepText: String, lastUtterance: String?, history: [String]) -> [ChatMessage] {
        var system = llmPrompt.trimmingCharacters(in: " \n\t")
        system += "\nRéponds en français, en une ou deux phrases courtes, sans mise en forme."
        if !stepText.isEmpty { system += "\nSens de la réponse attendue : \(stepText)" }
        var messages = [ChatMessage(.system, system)]
        let utterance = lastUtterance ?? ""
        messages += FreestyleRequest.conversation(history, dropping: utterance)
        messages.append(ChatMessage(.user, utterance.isEmpty ? "(la personne n'a encore rien dit)" : utterance))
        return messages
    }

    /// The caller's last words in a history, if any.
    public static func lastUtterance(in history: [String]) -> String? {
        history.last { $0.hasPrefix("caller: ") && $0 != "caller: (silence)" }.map { String($0.dropFirst(8)) }
    }
}

private extension String {
    func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return String(text)
    }
}
