import MiniBotDialogue
import MiniBotLanguage

/// A tiny keyword classifier standing in for the real NLU (owned by another module).
struct FakeClassifier: IntentClassifying {
    func classify(_ text: String) -> IntentResult {
        let lower = text.lowercased()
        func has(_ words: [String]) -> Bool { words.contains { lower.contains($0) } }
        if has(["ne plus m'appeler", "ne me rappelez plus", "retirez-moi", "plus jamais"]) { return .init(intent: .optOut, confidence: 0.95) }
        if has(["rappelez-moi", "rappeler plus tard"]) { return .init(intent: .callback, confidence: 0.9) }
        if has(["trop cher", "pas le temps", "pas confiance", "arnaque"]) { return .init(intent: .objection, confidence: 0.85) }
        if lower.hasSuffix("?") || has(["c'est quoi", "combien", "qui êtes"]) { return .init(intent: .question, confidence: 0.8) }
        if has(["peut-être", "je sais pas", "je ne sais pas"]) { return .init(intent: .unsure, confidence: 0.7) }
        if has(["non", "pas intéressé"]) { return .init(intent: .deny, confidence: 0.9) }
        if has(["oui", "d'accord", "ok", "c'est fait", "ça marche"]) { return .init(intent: .affirm, confidence: 0.9) }
        return .init(intent: .notUnderstood, confidence: 0.3)
    }
}

/// Matches entries whose keyword appears in the text; score 0.9, like a confident fuzzy match.
struct FakeMatcher: ObjectionMatching {
    var entries: [ObjectionEntry] = FakeMatcher.financeEntries

    func bestMatch(for text: String, themes: [String]) -> ObjectionMatch? {
        let lower = text.lowercased()
        let allowed = Set(themes + ["general"])
        for entry in entries where allowed.contains(entry.theme) {
            if entry.keywords.contains(where: { lower.contains($0) }) { return ObjectionMatch(entry: entry, score: 0.9) }
        }
        return nil
    }

    static let financeEntries = [
        ObjectionEntry(id: "finance_1_trop_cher", theme: "finance", kind: .objection, category: "price",
                       keywords: ["trop cher", "hors de prix"],
                       response: "Je comprends. En fait, 70% de nos clients économisent sur leur crédit.",
                       audioFile: "finance_1_trop_cher.wav"),
        ObjectionEntry(id: "general_qui", theme: "general", kind: .faq, category: "identity",
                       keywords: ["qui êtes"], response: "Je suis conseillère, je vous appelle de la part de notre banque."),
    ]
}

/// A matcher that never finds anything.
struct EmptyMatcher: ObjectionMatching {
    func bestMatch(for text: String, themes: [String]) -> ObjectionMatch? { nil }
}

/// Loads a shipped scenario from `/scenarios` at the package root.
func shippedScenario(_ name: String, filePath: String = #filePath) throws -> Scenario {
    var parts = filePath.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3) // Tests/MiniBotDialogueTests/File.swift
    return try Scenario.load(path: parts.joined(separator: "/") + "/scenarios/\(name).json")
}

extension Array where Element == DialogueAction {
    var prompts: [StepPrompt] { compactMap { if case .playStep(let p) = $0 { p } else { nil } } }
    var answers: [SpokenAnswer] { compactMap { if case .playAnswer(let a) = $0 { a } else { nil } } }
    var railReturns: [String] { compactMap { if case .playRailReturn(let q) = $0 { q } else { nil } } }
    var outcome: CallOutcome? {
        for action in self {
            if case .hangUp(let o) = action { return o }
            if case .transfer(_, let o) = action { return o }
        }
        return nil
    }
    var traces: [String] { compactMap { if case .trace(let t) = $0 { t } else { nil } } }
}

func say(_ text: String, _ intent: Intent, _ confidence: Double = 0.9) -> DialogueEvent {
    .utterance(text: text, intent: IntentResult(intent: intent, confidence: confidence))
}
