import MiniBotLanguage

/// Plays a scenario by typed lines, without a phone (`minibot scenario chat`).
///
/// Each line is classified with the real NLU, fed to `DialogueEngine`, and the engine's
/// actions are turned into readable lines: prompts, detected intent, matched objection,
/// score and the final result. An empty line is a silence. The CLI only reads and prints.
///
///     var chat = ScenarioChat(scenario: s, classifier: nlu, matcher: objections, contact: ["first_name": "Jean"])
///     chat.start().forEach { print($0) }
///     chat.send("oui").forEach { print($0) }
public struct ScenarioChat: Sendable {
    public private(set) var engine: DialogueEngine
    let classifier: any IntentClassifying
    /// Include the engine's trace lines (`scenario chat --trace`).
    public var showTrace: Bool

    public init(scenario: Scenario, classifier: any IntentClassifying, matcher: any ObjectionMatching,
                contact: [String: String] = [:], configuration: DialogueConfiguration = DialogueConfiguration(),
                indexSource: any IndexSource = SequentialIndexSource(), showTrace: Bool = false) {
        self.engine = DialogueEngine(scenario: scenario, matcher: matcher, contact: contact,
                                     configuration: configuration, indexSource: indexSource)
        self.classifier = classifier
        self.showTrace = showTrace
    }

    public var isFinished: Bool { engine.isFinished }

    /// Answers the call: returns the first prompt.
    public mutating func start() -> [String] {
        render(engine.handle(.callAnswered))
    }

    /// One typed line ("" or only spaces = silence).
    public mutating func send(_ line: String) -> [String] {
        guard !engine.isFinished else { return ["(the call has ended)"] }
        let text = line.trimmed(of: " \t\r\n")
        if text.isEmpty {
            return ["   … (silence)"] + render(engine.handle(.silenceTimeout))
        }
        let result = classifier.classify(text)
        let scoreBefore = engine.state.score
        var lines = ["   intent: \(result.intent.rawValue) (\(String(format2: result.confidence)))"]
        lines += render(engine.handle(.utterance(text: text, intent: result)))
        if engine.state.score != scoreBefore, !engine.isFinished {
            lines.append("   score: \(DialogueEngine.format(engine.state.score))/100")
        }
        return lines
    }

    /// The engine's actions for a caller line whose intent was decided elsewhere (the language
    /// model's fall-back in `scenario chat`), for a caller that performs `.freestyle` itself.
    public mutating func actions(for text: String, intent: IntentResult) -> [DialogueAction] {
        guard !engine.isFinished else { return [] }
        return engine.handle(.utterance(text: text, intent: intent))
    }

    /// The engine's actions for a silence.
    public mutating func silenceActions() -> [DialogueAction] {
        guard !engine.isFinished else { return [] }
        return engine.handle(.silenceTimeout)
    }

    public func render(_ actions: [DialogueAction]) -> [String] {
        var lines: [String] = []
        for action in actions {
            switch action {
            case .playStep(let prompt):
                let audio = prompt.audioFile.map { "  [\($0)]" } ?? ""
                lines.append("🤖 [\(prompt.stepID)] \(prompt.text)\(audio)")
            case .playAnswer(let answer):
                switch answer.source {
                case .objection(let id, let score):
                    lines.append("   objection matched: \(id) (score \(String(format2: score)))")
                case .faq(let id, let score):
                    lines.append("   FAQ matched: \(id) (score \(String(format2: score)))")
                case .builtin: break
                }
                lines.append("🤖 \(answer.text)")
            case .playRailReturn(let question):
                lines.append("🤖 \(question)  (rail return)")
            case .freestyle(let request):
                lines.append("🤖 (freestyle answer from the language model to \"\(request.utterance)\")")
            case .setVariable(let name, let value):
                lines.append("   \(name) = \(value)")
            case .markOptOut:
                lines.append("   ⛔ opt-out recorded: this contact will not be called again")
            case .transfer(let target, let outcome):
                lines.append("📞 transfer to \(target) — result: \(outcome.result.rawValue.uppercased()) (score \(DialogueEngine.format(outcome.score)))")
            case .hangUp(let outcome):
                lines.append("📞 end of call — result: \(outcome.result.rawValue.uppercased()) (score \(DialogueEngine.format(outcome.score))): \(outcome.reason)")
            case .trace(let text):
                if showTrace { lines.append("   · \(text)") }
            case .listen:
                break
            }
        }
        return lines
    }
}

extension String {
    func trimmed(of characters: String) -> String {
        self[...].trimmed(of: characters)
    }
}
