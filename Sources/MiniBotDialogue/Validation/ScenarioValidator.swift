import MiniBotLanguage

/// Checks a scenario before it reaches a caller and reports **every** problem at once, each
/// with its JSON path: unknown target steps, unknown intents, unreachable steps, steps with no
/// way out, cycles without exit, missing audio, nonsensical weights or threshold…
///
/// File existence is injected so the check stays pure and testable.
///
///     let report = ScenarioValidator(soundsRoot: "/var/lib/minibot/sounds",
///                                    fileExists: { FileManager.default.fileExists(atPath: $0) })
///         .validate(scenario)
///     report.errors.forEach { print($0) }
public struct ScenarioValidator: Sendable {
    /// Folder that relative `audio_file` paths are resolved against; `nil` skips audio checks.
    public var soundsRoot: String?
    public var fileExists: @Sendable (String) -> Bool
    /// Columns every contact has (SPEC F1); other placeholders must be scenario variables.
    public var contactColumns: Set<String>

    public init(soundsRoot: String? = nil, fileExists: @escaping @Sendable (String) -> Bool = { _ in true },
                contactColumns: Set<String> = ["first_name", "last_name", "company", "email", "notes", "phone", "callback_time"]) {
        self.soundsRoot = soundsRoot
        self.fileExists = fileExists
        self.contactColumns = contactColumns
    }

    public func validate(_ scenario: Scenario) -> ValidationReport {
        var issues: [ValidationIssue] = []
        checkStart(scenario, &issues)
        var seen: Set<String> = []
        for step in scenario.steps {
            if !seen.insert(step.id).inserted {
                issues.append(.init(.error, .invalidValue, path: "steps.\(step.id)", "step \"\(step.id)\" is defined twice"))
            }
            checkStep(step, in: scenario, &issues)
            checkLanguageModelFields(of: step, &issues)
        }
        checkLanguageModelFields(of: scenario.metadata, &issues)
        checkQualification(scenario, &issues)
        checkReachability(scenario, &issues)
        checkCycles(scenario, &issues)
        checkTransfers(scenario, &issues)
        return ValidationReport(issues: issues)
    }

    private func checkStart(_ scenario: Scenario, _ issues: inout [ValidationIssue]) {
        if scenario.steps.isEmpty {
            issues.append(.init(.error, .missingStartStep, path: "steps", "the scenario has no steps, so a call cannot start"))
        } else if let start = scenario.metadata.startStep, scenario.step(start) == nil {
            issues.append(.init(.error, .missingStartStep, path: "metadata.start_step", "\"\(start)\" is not a step"))
        } else if scenario.metadata.startStep == nil, scenario.step("hello") == nil, let first = scenario.steps.first {
            issues.append(.init(.warning, .missingStartStep, path: "metadata.start_step",
                                "no start_step and no \"hello\" step: calls start at the first step, \"\(first.id)\""))
        }
    }

    private func checkStep(_ step: ScenarioStep, in scenario: Scenario, _ issues: inout [ValidationIssue]) {
        let path = "steps.\(step.id)"
        for entry in step.intentMapping {
            if case .unknown(let name) = entry.key {
                let known = Intent.allCases.map(\.rawValue).joined(separator: ", ")
                issues.append(.init(.error, .unknownIntent, path: "\(path).intent_mapping.\(name)",
                                    "\"\(name)\" is not an intent (known: \(known), *)"))
            }
        }
        for edge in step.edges where edge.target != ScenarioStep.returnTarget && scenario.step(edge.target) == nil {
            issues.append(.init(.error, .unknownTarget, path: edge.path, "\"\(edge.target)\" is not a step"))
        }
        if !step.isTerminal, step.edges.isEmpty {
            issues.append(.init(.error, .noWayOut, path: path,
                                "the step has no intent_mapping, next or result, so a call would stall here"))
        }
        if let other = step.scoreAs, scenario.step(other) == nil {
            issues.append(.init(.error, .unknownTarget, path: "\(path).score_as", "\"\(other)\" is not a step"))
        }
        if let timeout = step.timeout, timeout < 0 {
            issues.append(.init(.error, .invalidValue, path: "\(path).timeout", "timeout \(JSONValue.format(timeout)) is negative"))
        }
        if let turns = step.maxAutonomousTurns, turns < 0 {
            issues.append(.init(.error, .invalidValue, path: "\(path).max_autonomous_turns", "\(turns) is negative"))
        }
        if let result = step.result, CallResult(word: result) == nil, !Self.completionLabels.contains(result) {
            issues.append(.init(.warning, .unknownResult, path: "\(path).result",
                                "\"\(result)\" is not a call result; it is treated as \"completed\" (scored by the qualification rules)"))
        }
        if step.determinant, let deny = step.explicitTarget(for: .deny), let target = scenario.step(deny),
           !target.isTerminal, deny != "bye_failed" {
            issues.append(.init(.warning, .determinant, path: "\(path).intent_mapping.deny",
                                "the step is determinant but a refusal leads to \"\(deny)\", which does not end the call"))
        }
        if step.determinant, step.explicitTarget(for: .deny) == nil, scenario.step("bye_failed") == nil {
            issues.append(.init(.warning, .determinant, path: "\(path).determinant",
                                "the step is determinant but there is no bye_failed step: a refusal hangs up without a goodbye"))
        }
        checkAudio(step, path: path, &issues)
        let known = Set(scenario.variables.map(\.name)).union(contactColumns)
        for name in TemplateRenderer.placeholders(in: step.messageText) where !known.contains(name) {
            issues.append(.init(.warning, .unknownVariable, path: "\(path).message_text",
                                "{{\(name)}} is neither a scenario variable nor a contact column; it will be read as nothing"))
        }
    }

    /// Step `result` values that mean "finished normally; score decides".
    static let completionLabels: Set<String> = ["completed", "ended", "resolved", "transferred", "qualified"]

    private func checkAudio(_ step: ScenarioStep, path: String, _ issues: inout [ValidationIssue]) {
        let type = step.audioType ?? (step.audioFile == nil ? "tts" : "audio")
        guard ["audio", "tts", "none", "text"].contains(type) else {
            issues.append(.init(.error, .invalidAudioType, path: "\(path).audio_type",
                                "\"\(type)\" is not an audio type (audio, tts, none)"))
            return
        }
        guard type == "audio", let root = soundsRoot else { return }
        let severity: ValidationIssue.Severity = step.messageText.isEmpty ? .error : .warning
        let fallback = step.messageText.isEmpty ? "and there is no message_text to synthesise" : "message_text will be synthesised instead"
        guard let file = step.audioFile, !file.isEmpty else {
            issues.append(.init(severity, .missingAudio, path: "\(path).audio_file", "audio_type is audio but no audio_file is given; \(fallback)"))
            return
        }
        let resolved = file.hasPrefix("/") ? file : (root.hasSuffix("/") ? root + file : root + "/" + file)
        if !fileExists(resolved) {
            issues.append(.init(severity, .missingAudio, path: "\(path).audio_file", "\(resolved) does not exist; \(fallback)"))
        }
    }

    private func checkQualification(_ scenario: Scenario, _ issues: inout [ValidationIssue]) {
        guard let rules = scenario.qualificationRules else { return }
        let base = "qualification_rules"
        if !(0...100).contains(rules.leadThreshold) {
            issues.append(.init(.error, .invalidThreshold, path: "\(base).lead_threshold",
                                "threshold \(JSONValue.format(rules.leadThreshold)) is outside 0…100"))
        }
        if rules.scoringWeights.isEmpty {
            issues.append(.init(.warning, .invalidWeight, path: "\(base).scoring_weights",
                                "no scoring weights: every completed call counts as a lead"))
            return
        }
        for weight in rules.scoringWeights {
            let path = "\(base).scoring_weights.\(weight.stepID)"
            if weight.weight < 0 {
                issues.append(.init(.error, .invalidWeight, path: path, "weight \(JSONValue.format(weight.weight)) is negative"))
            }
            if let step = scenario.step(weight.stepID) {
                if step.explicitTarget(for: .affirm) == nil, step.wildcardTarget == nil, step.next == nil {
                    issues.append(.init(.warning, .invalidWeight, path: path,
                                        "step \"\(weight.stepID)\" has no affirm mapping, so its weight can never count"))
                }
            } else {
                let hint = scenario.steps.first { $0.id.lowercased() == weight.stepID.lowercased() }.map { " (did you mean \"\($0.id)\"?)" } ?? ""
                issues.append(.init(.error, .unknownWeightStep, path: path, "\"\(weight.stepID)\" is not a step\(hint)"))
            }
        }
        if rules.scoringWeights.allSatisfy({ $0.weight <= 0 }) {
            issues.append(.init(.error, .invalidWeight, path: "\(base).scoring_weights",
                                "all weights are zero or negative, so no call can ever score"))
        }
    }
}
