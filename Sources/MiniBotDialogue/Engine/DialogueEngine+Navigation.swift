import MiniBotLanguage

/// Moving along the rail: entering steps, chaining `next`, ending on terminal steps.
extension DialogueEngine {
    /// Enters `target` (or `@return`), plays it, and follows `next` / terminal results.
    mutating func go(to target: String, reason: String, into out: inout [DialogueAction]) {
        var targetID = target
        var why = reason
        var hops = 0
        while true {
            if targetID == ScenarioStep.returnTarget {
                targetID = state.previousStepID ?? state.currentStepID ?? scenario.startStepID ?? ""
                why += " (@return → \(targetID))"
            }
            guard let step = scenario.step(targetID) else {
                out.append(.trace(why))
                finish(.failed, reason: "scenario error: \"\(targetID)\" is not a step", stepID: state.currentStepID,
                       label: nil, into: &out)
                return
            }
            out.append(.trace(why))
            if state.currentStepID != step.id {
                state.previousStepID = state.currentStepID
                state.currentStepID = step.id
                state.autonomousTurnsUsed = 0
            }
            playCurrent(step, into: &out)
            if step.isTerminal {
                let (result, resultWhy) = state.forcedResult.map { ($0, "result \($0.rawValue) decided earlier") }
                    ?? qualifiedResult(label: step.result)
                let outcome = CallOutcome(result: result, score: state.score, stepID: step.id, label: step.result,
                                          reason: "terminal step \(step.id); \(resultWhy)")
                if let transfer = step.transferTo ?? (result == .lead ? scenario.defaultTransferTarget : nil) {
                    state.outcome = outcome
                    out.append(.trace("transfer to \(transfer): \(outcome.reason)"))
                    out.append(.transfer(target: transfer, outcome: outcome))
                } else {
                    finish(outcome, into: &out)
                }
                return
            }
            guard let next = step.next else { return }
            hops += 1
            if hops > 16 {
                finish(.failed, reason: "scenario error: more than 16 chained \"next\" steps", stepID: step.id,
                       label: nil, into: &out)
                return
            }
            targetID = next
            why = "step \(step.id) goes on to \(next) (next)"
        }
    }

    /// Plays the given step's prompt, rendered for this contact.
    mutating func playCurrent(_ step: ScenarioStep, into out: inout [DialogueAction]) {
        let text = TemplateRenderer.render(step.messageText, state.variables)
        let silent = step.audioType == "none" || (text.isEmpty && step.audioFile == nil)
        if !silent {
            out.append(.playStep(StepPrompt(
                stepID: step.id, text: text, audioFile: step.audioFile, audioType: step.audioType,
                voice: step.voice ?? scenario.metadata.voice,
                bargeIn: step.bargeIn ?? scenario.metadata.bargeInDefault ?? true,
                timeout: timeout(of: step))))
            remember("bot: \(text)")
        }
    }

    func timeout(of step: ScenarioStep) -> Double {
        if let timeout = step.timeout, timeout > 0 { return timeout }
        return scenario.metadata.silenceWarningTimeout ?? configuration.defaultTimeout
    }

    mutating func remember(_ line: String) {
        state.history.append(line)
        let keep = max(0, configuration.historyLength)
        if state.history.count > keep { state.history.removeFirst(state.history.count - keep) }
    }

    /// The result for an end without a forced result: the step's label if it is a
    /// `CallResult`, else LEAD / NOT_INTERESTED by qualification.
    func qualifiedResult(label: String?) -> (CallResult, String) {
        // "transferred" is the line's to say (the agent answered), not the scenario's: as a step's
        // label it stays a completion word, like "completed".
        if let label, let declared = CallResult(word: label), declared != .transferred {
            return (declared, "the step's result is \(declared.rawValue)")
        }
        if let forced = state.forcedResult { return (forced, "result \(forced.rawValue) decided earlier") }
        if state.disqualified { return (.notInterested, "a determinant question was refused") }
        let score = Self.format(state.score)
        guard let rules = scenario.qualificationRules, !weights.isEmpty else {
            if label != nil { return (.lead, "no scoring weights: a completed scenario counts as a lead") }
            return (.notInterested, "no scoring weights and the scenario was not completed")
        }
        let threshold = Self.format(rules.leadThreshold)
        if state.score + 1e-9 >= rules.leadThreshold {
            return (.lead, "score \(score) ≥ threshold \(threshold)")
        }
        return (.notInterested, "score \(score) < threshold \(threshold)")
    }

    mutating func finish(_ result: CallResult, reason: String, stepID: String?, label: String?,
                         into out: inout [DialogueAction]) {
        finish(CallOutcome(result: result, score: state.score, stepID: stepID, label: label, reason: reason), into: &out)
    }

    mutating func finish(_ outcome: CallOutcome, into out: inout [DialogueAction]) {
        state.outcome = outcome
        out.append(.trace("hang up \(outcome.result.rawValue): \(outcome.reason)"))
        out.append(.hangUp(outcome))
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format2: value)
    }
}

extension String {
    init(format2 value: Double) {
        let scaled = (value * 10).rounded() / 10
        self = "\(scaled)"
    }
}
