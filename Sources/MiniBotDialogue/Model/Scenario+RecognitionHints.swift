import Foundation
import MiniBotLanguage

extension Scenario {
    /// Words a caller is likely to say on this script, for recognisers that take a vocabulary
    /// (Whisper's `prompt`). Why: Whisper conditions its decoding on the prompt, so the company's
    /// name and the short answers a step expects are spelt right instead of being heard as
    /// look-alike words (measured on telephone audio: "après-midi" came out "la premier dit"
    /// without a prompt, right with one).
    ///
    /// In order, without duplicates (case-insensitive), at most ``recognitionHintLimit``:
    /// the names in `variables` that are not templates (`company_name`, `agent_name`, …), every
    /// `keyword_mapping` keyword, then typical French answers for each intent the steps route on.
    /// ```swift
    /// scenario.recognitionHints   // ["EcoEnergie", "Julie", "oui", "d'accord", "non", …]
    /// ```
    public var recognitionHints: [String] {
        var hints: [String] = []
        var seen: Set<String> = []
        func add(_ word: String) {
            let trimmed = word.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, hints.count < Self.recognitionHintLimit, seen.insert(trimmed.lowercased()).inserted else { return }
            hints.append(trimmed)
        }
        for variable in variables where Self.nameVariables.contains(variable.name) && !variable.value.contains("{{") {
            add(variable.value)
        }
        for step in steps {
            for route in step.keywordMapping { add(route.keyword) }
        }
        var intents: [Intent] = []
        for step in steps {
            for entry in step.intentMapping {
                if case .intent(let intent) = entry.key, !intents.contains(intent) { intents.append(intent) }
            }
        }
        for intent in Intent.allCases where intents.contains(intent) {
            for answer in Self.typicalAnswers[intent] ?? [] { add(answer) }
        }
        return hints
    }

    /// Whisper keeps only the prompt's last 224 tokens; a short list also avoids priming it to
    /// "hear" vocabulary in silence.
    public static let recognitionHintLimit = 40

    /// Variables whose value is a proper name the caller may repeat.
    static let nameVariables: Set<String> = ["company_name", "agent_name", "company", "brand", "product_name", "product"]

    /// A few spoken forms per intent, as a French caller says them on the phone.
    static let typicalAnswers: [Intent: [String]] = [
        .affirm: ["oui", "d'accord", "tout à fait"],
        .deny: ["non", "pas intéressé"],
        .unsure: ["je ne sais pas", "peut-être"],
        .callback: ["rappelez-moi", "demain", "après-midi"],
        .optOut: ["ne m'appelez plus", "Bloctel"],
    ]
}
