import MiniBotLanguage

/// Seed 001's autonomous turns: an objection or question gets the matcher's answer (or an
/// LLM freestyle answer) and a closed rail-return question, up to `max_autonomous_turns`
/// per step; then the call continues on the rail.
extension DialogueEngine {
    /// `lookup`: the NLU's objection match for this utterance, when it already looked (calls);
    /// otherwise the engine's own matcher runs once here (scenario chat, tests).
    mutating func handleAutonomous(text: String, intent: Intent, lookup: Understanding.ObjectionLookup, step: ScenarioStep,
                                   heard: String, into out: inout [DialogueAction]) {
        if let target = step.explicitTarget(for: intent), target != step.id {
            go(to: target, reason: "\(heard) → \(target) (explicit mapping)", into: &out)
            return
        }
        let limit = step.maxAutonomousTurns ?? configuration.defaultMaxAutonomousTurns
        guard state.autonomousTurnsUsed < limit else {
            let why = "\(heard): autonomous turns exhausted (\(state.autonomousTurnsUsed)/\(limit)), continue on the rail"
            if let target = step.explicitTarget(for: .unsure), target != step.id {
                go(to: target, reason: "\(why) via unsure → \(target)", into: &out)
            } else if let target = step.wildcardTarget, target != step.id {
                go(to: target, reason: "\(why) via * → \(target)", into: &out)
            } else {
                notUnderstood(step: step, reason: why, into: &out)
            }
            return
        }
        state.autonomousTurnsUsed += 1
        let turn = "autonomous turn \(state.autonomousTurnsUsed)/\(limit) on \(step.id)"
        let found: ObjectionMatch?
        switch lookup {
        case .done(let match): found = match
        case .notDone: found = matcher.bestMatch(for: text, themes: themes)
        }
        if let match = found, match.score >= configuration.minimumMatchScore {
            let entry = match.entry
            let source: SpokenAnswer.Source = entry.kind == .faq
                ? .faq(id: entry.id, score: match.score) : .objection(id: entry.id, score: match.score)
            out.append(.trace("\(heard): \(entry.kind.rawValue) matched \(entry.id) (score \(String(format2: match.score))), \(turn)"))
            out.append(.playAnswer(SpokenAnswer(text: TemplateRenderer.render(entry.response, state.variables),
                                                audioFile: entry.audioFile, source: source)))
            remember("bot: \(entry.response)")
            appendRailReturn(step: step, into: &out)
        } else if configuration.languageModelAvailable, scenario.allowsFreestyle(on: step) {
            let question = nextRailReturn()
            out.append(.trace("\(heard): no objection entry matched, freestyle answer, \(turn)"))
            out.append(.freestyle(FreestyleRequest(
                utterance: text, intent: intent, stepID: step.id,
                stepPrompt: TemplateRenderer.render(step.messageText, state.variables),
                objective: scenario.metadata.objective, themes: themes, railReturn: question, history: state.history)))
            if let question {
                out.append(.playRailReturn(question))
                remember("bot: \(question)")
            }
            out.append(.listen(timeout: timeout(of: step)))
        } else {
            notUnderstood(step: step, reason: "\(heard): no objection entry matched and no language model, \(turn)", into: &out)
        }
    }

    mutating func appendRailReturn(step: ScenarioStep, into out: inout [DialogueAction]) {
        if let question = nextRailReturn() {
            out.append(.playRailReturn(question))
            remember("bot: \(question)")
        }
        out.append(.listen(timeout: timeout(of: step)))
    }

    /// A rail-return question from the injected index source, never the previous one again.
    mutating func nextRailReturn() -> String? {
        let questions = configuration.railReturnQuestions
        guard !questions.isEmpty else { return nil }
        var index: Int
        if questions.count > 1, let last = state.lastRailReturnIndex, last < questions.count {
            index = indexSource.next(below: questions.count - 1)
            if index >= last { index += 1 }
        } else {
            index = indexSource.next(below: questions.count)
        }
        index = min(max(0, index), questions.count - 1)
        state.lastRailReturnIndex = index
        return questions[index]
    }
}
