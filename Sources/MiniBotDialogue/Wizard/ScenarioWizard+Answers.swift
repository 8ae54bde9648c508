/// Parsing and checking of each wizard answer, and the order of the questions.
extension ScenarioWizard {
    mutating func apply(_ text: String, to field: Field) -> Result<Field?, WizardError> {
        switch field {
        case .name:
            let allowed = text.unicodeScalars.allSatisfy { ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            guard !text.isEmpty, allowed else { return .failure(WizardError("le nom doit être non vide et n'utiliser que lettres, chiffres, _ ou -")) }
            answers.name = text
            return .success(.description)
        case .description:
            answers.description = text
            return .success(.objective)
        case .objective:
            if !text.isEmpty { answers.objective = text }
            return .success(.company)
        case .company:
            guard !text.isEmpty else { return .failure(WizardError("le nom de l'entreprise est obligatoire")) }
            answers.company = text
            return .success(.agent)
        case .agent:
            if !text.isEmpty { answers.agent = text }
            return .success(.voice)
        case .voice:
            if voices.isEmpty {
                if !text.isEmpty { answers.voice = text.lowercased() }
            } else {
                guard let voice = Self.choose(text, in: voices) else {
                    return .failure(WizardError("choisissez un numéro entre 1 et \(voices.count) ou un nom de la liste"))
                }
                answers.voice = voice
            }
            return .success(.questionCount)
        case .questionCount:
            guard let count = text.isEmpty ? 3 : Int(text), (1...10).contains(count) else {
                return .failure(WizardError("entrez un nombre entre 1 et 10"))
            }
            answers.questionCount = count
            answers.questions = []
            return .success(.questionText(0))
        case .questionText(let index):
            guard !text.isEmpty else { return .failure(WizardError("le texte de la question est obligatoire")) }
            answers.questions.append(text)
            return .success(index + 1 < answers.questionCount ? .questionText(index + 1) : .isLeadsText)
        case .isLeadsText:
            if !text.isEmpty { answers.isLeads = text }
            return .success(.theme)
        case .theme:
            guard let theme = Self.choose(text.isEmpty ? "1" : text, in: themes) else {
                return .failure(WizardError("choisissez un numéro entre 1 et \(themes.count) ou un nom de la liste"))
            }
            answers.theme = theme
            return .success(.bargeIn)
        case .bargeIn:
            guard let flag = Self.yesNo(text, default: true) else { return .failure(WizardError("répondez O (oui) ou N (non)")) }
            answers.bargeIn = flag
            return .success(.maxTurns)
        case .maxTurns:
            guard let turns = text.isEmpty ? 2 : Int(text), (0...10).contains(turns) else {
                return .failure(WizardError("entrez un nombre entre 0 et 10"))
            }
            answers.maxTurns = turns
            answers.determinant = []
            return .success(.determinant(0))
        case .determinant(let index):
            guard let flag = Self.yesNo(text, default: false) else { return .failure(WizardError("répondez oui ou non")) }
            answers.determinant.append(flag)
            if index + 1 < answers.questionCount { return .success(.determinant(index + 1)) }
            answers.weights = []
            return .success(.weight(0))
        case .weight(let index):
            let raw = text.replacingComma()
            guard let weight = raw.isEmpty ? answers.defaultWeight : Double(raw), weight.isFinite, weight >= 0 else {
                return .failure(WizardError("entrez un poids positif ou nul (ex. 30)"))
            }
            if index == answers.questionCount, weight == 0, answers.weights.allSatisfy({ $0 == 0 }) {
                return .failure(WizardError("au moins un poids doit être positif, sinon aucun appel ne peut être qualifié"))
            }
            answers.weights.append(weight)
            return .success(index < answers.questionCount ? .weight(index + 1) : .threshold)
        case .threshold:
            let raw = text.replacingComma().trimmed(of: "% ")
            guard let threshold = raw.isEmpty ? 70 : Double(raw), (0...100).contains(threshold) else {
                return .failure(WizardError("entrez un seuil entre 0 et 100"))
            }
            answers.threshold = threshold
            return .success(nil)
        }
    }

    /// A 1-based number or a name from the list.
    static func choose(_ text: String, in list: [String]) -> String? {
        if text.isEmpty { return list.first }
        if let number = Int(text), (1...list.count).contains(number) { return list[number - 1] }
        return list.first { $0.lowercased() == text.lowercased() }
    }

    static func yesNo(_ text: String, default value: Bool) -> Bool? {
        switch text.lowercased() {
        case "": value
        case "o", "oui", "y", "yes": true
        case "n", "non", "no": false
        default: nil
        }
    }
}

extension String {
    func replacingComma() -> String { String(map { $0 == "," ? "." : $0 }) }
}
