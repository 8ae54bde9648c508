/// `minibot scenario new` as a question/answer state machine (seed 000 §4.1), with no I/O:
/// the CLI prints `currentQuestion`, reads a line, calls `answer`, and prints the next step.
/// Invalid answers re-ask the same question with a reason; an empty answer takes the default
/// shown in brackets. The finished scenario always passes `ScenarioValidator`.
///
///     var wizard = ScenarioWizard()
///     while let question = wizard.currentQuestion {
///         print(question); _ = wizard.answer(readLine() ?? "")
///     }
///     print(wizard.scenario!.jsonText())
public struct ScenarioWizard: Sendable {
    /// What the CLI shows after an answer.
    public enum Step: Sendable, Equatable {
        case next(question: String)
        case retry(error: String, question: String)
        case finished(Scenario)
    }

    enum Field: Sendable, Equatable {
        case name, description, objective, company, agent, voice, questionCount
        case questionText(Int), isLeadsText, theme, bargeIn, maxTurns, determinant(Int), weight(Int), threshold
    }

    public let voices: [String]
    public let themes: [String]
    var field: Field? = .name
    var answers = WizardAnswers()
    public private(set) var scenario: Scenario?

    /// `voices`: folders found under `audio/` (the CLI scans them); `themes`: objection themes.
    public init(voices: [String] = [], themes: [String] = ["general", "finance", "crypto", "energie", "immobilier"]) {
        self.voices = voices
        self.themes = themes.isEmpty ? ["general"] : themes
    }

    /// The question to show now; `nil` once the scenario is built.
    public var currentQuestion: String? { field.map(question) }

    public mutating func answer(_ line: String) -> Step {
        guard let current = field else {
            return scenario.map { .finished($0) } ?? .retry(error: "le scénario est terminé", question: "")
        }
        let text = line.trimmed(of: " \t\r\n")
        switch apply(text, to: current) {
        case .failure(let error):
            return .retry(error: error.message, question: question(current))
        case .success(let next):
            field = next
            if let next { return .next(question: question(next)) }
            let built = WizardBuilder(answers: answers).build()
            scenario = built
            return .finished(built)
        }
    }

    func question(_ field: Field) -> String {
        switch field {
        case .name: return "Nom du scénario (lettres, chiffres, _ ou -) :"
        case .description: return "Description :"
        case .objective: return "Objectif [Prise de rendez-vous] :"
        case .company: return "Nom entreprise :"
        case .agent: return "Nom agent [Julie] :"
        case .voice:
            if voices.isEmpty { return "Voix [julie] :" }
            let list = voices.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: "\n")
            return "Voix disponibles :\n\(list)\nChoix [1] :"
        case .questionCount: return "Combien de questions (1 à 10) [3] :"
        case .questionText(let index): return "Texte de la question Q\(index + 1) :"
        case .isLeadsText: return "Question de qualification finale (is_leads) [Puis-je vous proposer un rendez-vous avec un conseiller ?] :"
        case .theme:
            let list = themes.enumerated().map { "\($0.offset + 1)) \($0.element)" }.joined(separator: "\n")
            return "Thématiques disponibles :\n\(list)\nChoix [1] :"
        case .bargeIn: return "Activer barge-in ? [O/n] :"
        case .maxTurns: return "Nombre max_autonomous_turns (0 à 10) [2] :"
        case .determinant(let index):
            return "Question Q\(index + 1) : « \(answers.questions[index]) »\nCette question est-elle DÉTERMINANTE (refus = élimination) ? (oui/non) [non] :"
        case .weight(let index):
            let label = index < answers.questions.count ? "Q\(index + 1)" : "is_leads"
            return "Poids de \(label) dans le score [\(JSONValue.format(answers.defaultWeight))] :"
        case .threshold: return "Seuil LEAD en % (0 à 100) [70] :"
        }
    }
}

/// Everything the wizard has collected so far.
struct WizardAnswers: Sendable, Equatable {
    var name = ""
    var description = ""
    var objective = "Prise de rendez-vous"
    var company = ""
    var agent = "Julie"
    var voice = "julie"
    var questionCount = 3
    var questions: [String] = []
    var isLeads = "Puis-je vous proposer un rendez-vous avec un conseiller ?"
    var theme = "general"
    var bargeIn = true
    var maxTurns = 2
    var determinant: [Bool] = []
    var weights: [Double] = []
    var threshold: Double = 70

    /// Equal shares of 100 over the questions and is_leads.
    var defaultWeight: Double { (100.0 / Double(questionCount + 1)).rounded() }
}

struct WizardError: Error, Equatable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// What `ScenarioWizard.answer(_:)` returns: the next question, the same question with an
/// error, or the finished scenario.
public typealias WizardStep = ScenarioWizard.Step
