import Foundation

import MiniBotLanguage

/// Reacting to the caller: utterances, silences, DTMF and recognizer failures.
extension DialogueEngine {
    mutating func handleUtterance(_ understood: Understanding, into out: inout [DialogueAction]) {
        let text = understood.text
        let result = understood.intent
        if result.intent == .silence {
            handleSilence(into: &out)
            return
        }
        guard let step = currentStep else {
            out.append(.trace("utterance before the call was answered; ignored"))
            return
        }
        guard countTurn(into: &out) else { return }
        state.consecutiveSilences = 0
        state.consecutiveFailures = 0
        remember("caller: \(text)")
        let intent = result.intent
        let heard = "\"\(text)\" → intent \(intent.rawValue) (\(String(format2: result.confidence))) on step \(step.id)"

        if let variable = step.capture {
            state.variables[variable] = text
            out.append(.setVariable(name: variable, value: text))
        }
        if intent == .optOut {
            handleOptOut(step: step, heard: heard, into: &out)
            return
        }
        if let route = Self.keywordRoute(in: text, routes: step.keywordMapping) {
            go(to: route.target, reason: "\(heard): keyword \"\(route.keyword)\" → \(route.target)", into: &out)
            return
        }
        switch intent {
        case .callback:
            state.callbackRequest = understood.callbackTime
            handleCallback(text: text, step: step, heard: heard, into: &out)
        case .objection, .question:
            handleAutonomous(text: text, intent: intent, lookup: understood.objectionLookup, step: step, heard: heard, into: &out)
        case .deny where step.determinant:
            state.disqualified = true
            let target = step.explicitTarget(for: .deny) ?? (scenario.step("bye_failed") != nil ? "bye_failed" : nil)
            if let target {
                go(to: target, reason: "intent deny on determinant step \(step.id) → \(target)", into: &out)
            } else {
                finish(.notInterested, reason: "intent deny on determinant step \(step.id) and no bye_failed step",
                       stepID: step.id, label: nil, into: &out)
            }
        default:
            var why = heard
            let scoreKey = step.scoreAs ?? step.id
            if intent == .affirm, let weight = weights[scoreKey], !state.scoredSteps.contains(scoreKey) {
                state.scoredSteps.insert(scoreKey)
                state.score += weight
                why += " (+\(Self.format(weight)) → score \(Self.format(state.score)))"
            }
            route(intent: intent, step: step, heard: why, into: &out)
        }
    }

    /// Follows `intent_mapping` (explicit, then `*`); with no mapping, says "not understood" and repeats.
    mutating func route(intent: Intent, step: ScenarioStep, heard: String, into out: inout [DialogueAction]) {
        if let target = step.explicitTarget(for: intent) {
            go(to: target, reason: "\(heard) → \(target)", into: &out)
        } else if let target = step.wildcardTarget {
            go(to: target, reason: "\(heard): no mapping for \(intent.rawValue), wildcard * → \(target)", into: &out)
        } else {
            notUnderstood(step: step, reason: "\(heard): no mapping for \(intent.rawValue) and no wildcard", into: &out)
        }
    }

    /// Plays the `not_understood` step's prompt (or the built-in sentence), then the step again.
    mutating func notUnderstood(step: ScenarioStep, reason: String, into out: inout [DialogueAction]) {
        out.append(.trace(reason + " → not understood, repeat \(step.id)"))
        if let prompt = scenario.step("not_understood"), prompt.id != step.id {
            out.append(.playAnswer(SpokenAnswer(text: TemplateRenderer.render(prompt.messageText, state.variables),
                                                audioFile: prompt.audioFile, source: .builtin("not_understood"))))
        } else {
            out.append(.playAnswer(SpokenAnswer(text: configuration.phrases.notUnderstood, source: .builtin("not_understood"))))
        }
        playCurrent(step, into: &out)
    }

    mutating func handleOptOut(step: ScenarioStep, heard: String, into out: inout [DialogueAction]) {
        state.forcedResult = .optOut
        out.append(.markOptOut)
        if let target = step.explicitTarget(for: .optOut), let goodbye = scenario.step(target) {
            out.append(.trace("\(heard): opt-out → \(target), then hang up"))
            if state.currentStepID != goodbye.id {
                state.previousStepID = state.currentStepID
                state.currentStepID = goodbye.id
            }
            playCurrent(goodbye, into: &out)
        } else {
            out.append(.playAnswer(SpokenAnswer(text: configuration.phrases.optOutApology, source: .builtin("opt_out"))))
        }
        finish(.optOut, reason: "\(heard): the caller asked not to be called again", stepID: step.id,
               label: nil, into: &out)
    }

    mutating func handleCallback(text: String, step: ScenarioStep, heard: String, into out: inout [DialogueAction]) {
        state.forcedResult = .callback
        let time = configuration.callbackTimeExtractor(text)
        state.callbackTime = time
        if let time {
            state.variables["callback_time"] = time
            out.append(.setVariable(name: "callback_time", value: time))
        }
        let said = time.map { " at \"\($0)\"" } ?? " (no time said)"
        if let target = step.explicitTarget(for: .callback) {
            go(to: target, reason: "\(heard): callback\(said) → \(target)", into: &out)
            if state.outcome == nil {
                finish(.callback, reason: "callback requested\(said)", stepID: state.currentStepID, label: nil, into: &out)
            }
            return
        }
        let phrases = configuration.phrases
        let confirmation = time.map { TemplateRenderer.render(phrases.callbackConfirmation, ["callback_time": $0]) }
            ?? phrases.callbackConfirmationNoTime
        out.append(.trace("\(heard): callback\(said)"))
        out.append(.playAnswer(SpokenAnswer(text: confirmation, source: .builtin("callback"))))
        finish(.callback, reason: "callback requested\(said)", stepID: step.id, label: nil, into: &out)
    }

    mutating func handleSilence(into out: inout [DialogueAction]) {
        guard let step = currentStep else {
            out.append(.trace("silence before the call was answered; ignored"))
            return
        }
        guard countTurn(into: &out) else { return }
        state.consecutiveSilences += 1
        remember("caller: (silence)")
        let count = state.consecutiveSilences
        if count >= configuration.maxConsecutiveSilences {
            finish(.noAnswer, reason: "\(count) consecutive silences on step \(step.id)", stepID: step.id,
                   label: nil, into: &out)
            return
        }
        if let target = step.explicitTarget(for: .silence), target != step.id {
            go(to: target, reason: "silence \(count) on step \(step.id) → \(target)", into: &out)
        } else if step.explicitTarget(for: .silence) == step.id {
            out.append(.trace("silence \(count) on step \(step.id) → repeat \(step.id)"))
            playCurrent(step, into: &out)
        } else {
            out.append(.trace("silence \(count) on step \(step.id): no silence mapping → \"still there?\""))
            out.append(.playAnswer(SpokenAnswer(text: configuration.phrases.stillThere, source: .builtin("still_there"))))
            out.append(.listen(timeout: stillThereTimeout(step)))
        }
    }

    /// Seed 004: warn after `silence_warning_timeout` (8 s), hang up at `silence_hangup_timeout` (15 s).
    func stillThereTimeout(_ step: ScenarioStep) -> Double {
        let metadata = scenario.metadata
        if let warning = metadata.silenceWarningTimeout, let hangup = metadata.silenceHangupTimeout, hangup > warning {
            return hangup - warning
        }
        return timeout(of: step)
    }

    mutating func handleDTMF(_ digit: Character, into out: inout [DialogueAction]) {
        guard let step = currentStep else { return }
        guard countTurn(into: &out) else { return }
        state.consecutiveSilences = 0
        if let route = step.dtmfMapping.first(where: { $0.keyword == String(digit) }) {
            go(to: route.target, reason: "DTMF \(digit) on step \(step.id) → \(route.target)", into: &out)
        } else {
            out.append(.trace("DTMF \(digit) on step \(step.id): no dtmf_mapping; ignored"))
        }
    }

    mutating func handleFailure(into out: inout [DialogueAction]) {
        guard let step = currentStep else { return }
        guard countTurn(into: &out) else { return }
        state.consecutiveFailures += 1
        let count = state.consecutiveFailures
        if count >= configuration.maxConsecutiveFailures {
            out.append(.playAnswer(SpokenAnswer(text: configuration.phrases.technicalError, source: .builtin("technical_error"))))
            finish(.failed, reason: "\(count) consecutive recognition failures", stepID: step.id, label: nil, into: &out)
        } else {
            out.append(.trace("recognition failure \(count) on step \(step.id) → please repeat"))
            out.append(.playAnswer(SpokenAnswer(text: configuration.phrases.pleaseRepeat, source: .builtin("please_repeat"))))
            out.append(.listen(timeout: timeout(of: step)))
        }
    }

    /// Counts a caller turn; ends the call when the hard cap is passed.
    mutating func countTurn(into out: inout [DialogueAction]) -> Bool {
        state.turns += 1
        guard state.turns > configuration.maxTurns else { return true }
        let (result, why) = qualifiedResult(label: nil)
        finish(result, reason: "hard cap of \(configuration.maxTurns) turns reached; \(why)",
               stepID: state.currentStepID, label: nil, into: &out)
        return false
    }

    /// The route whose keyword appears earliest in the text (ties: longest keyword).
    static func keywordRoute(in text: String, routes: [KeywordRoute]) -> KeywordRoute? {
        guard !routes.isEmpty else { return nil }
        let lower = text.lowercased()
        var best: (route: KeywordRoute, offset: Int)?
        for route in routes {
            guard let range = lower.range(of: route.keyword.lowercased()) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: range.lowerBound)
            if let current = best,
               current.offset < offset || (current.offset == offset && current.route.keyword.count >= route.keyword.count) {
                continue
            }
            best = (route, offset)
        }
        return best?.route
    }
}
