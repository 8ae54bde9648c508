import MiniBotLanguage

/// Decoding of seed 000 / seed 001 scenario documents (JSON or YAML) into `Scenario`.
///
/// Type errors name their JSON path; unknown keys are kept in `extras`; problems of meaning
/// (unknown targets, weights…) are left to `ScenarioValidator`, which reports them all at once.
///
///     let scenario = try Scenario.decode(text)   // JSON or YAML
extension Scenario {
    public static func decode(_ text: String, file: String? = nil) throws(ScenarioDecodingError) -> Scenario {
        do {
            return try decode(JSONValue.parse(text))
        } catch {
            var located = error
            located.file = file
            throw located
        }
    }

    public static func decode(_ document: JSONValue) throws(ScenarioDecodingError) -> Scenario {
        var root = try ObjectReader(document, path: "")
        let metadata = try decodeMetadata(root.raw("metadata"))
        let variables = try root.stringPairs("variables").map { ScenarioVariable($0.0, $0.1) }
        guard let stepsValue = root.raw("steps") else {
            throw ScenarioDecodingError(path: "steps", message: "missing: a scenario needs a \"steps\" object")
        }
        guard case .object(let stepFields) = stepsValue else {
            throw ScenarioDecodingError(path: "steps", message: "expected an object, found \(stepsValue.kindDescription)")
        }
        var steps: [ScenarioStep] = []
        for field in stepFields {
            steps.append(try decodeStep(id: field.key, field.value))
        }
        let rules = try root.raw("qualification_rules").map { value throws(ScenarioDecodingError) in try decodeRules(value) }
        return Scenario(metadata: metadata, variables: variables, steps: steps,
                        qualificationRules: rules, extras: root.unknownFields)
    }

    private static func decodeMetadata(_ value: JSONValue?) throws(ScenarioDecodingError) -> ScenarioMetadata {
        guard let value else { return ScenarioMetadata(name: "") }
        var reader = try ObjectReader(value, path: "metadata")
        return ScenarioMetadata(
            name: try reader.string("name") ?? "",
            description: try reader.string("description"),
            version: try reader.string("version"),
            themeFile: try reader.string("theme_file"),
            voice: try reader.string("voice"),
            bargeInDefault: try reader.bool("barge_in_default"),
            objective: try reader.string("objective"),
            agentMode: try reader.bool("agent_mode"),
            startStep: try reader.string("start_step"),
            silenceWarningTimeout: try reader.number("silence_warning_timeout"),
            silenceHangupTimeout: try reader.number("silence_hangup_timeout"),
            maxCallDuration: try reader.number("max_call_duration"),
            extras: reader.unknownFields)
    }

    private static func decodeStep(id: String, _ value: JSONValue) throws(ScenarioDecodingError) -> ScenarioStep {
        var reader = try ObjectReader(value, path: "steps.\(id)")
        let step = ScenarioStep(
            id: id,
            messageText: try reader.string("message_text") ?? "",
            audioFile: try reader.string("audio_file"),
            audioType: try reader.string("audio_type"),
            voice: try reader.string("voice"),
            bargeIn: try reader.bool("barge_in"),
            timeout: try reader.number("timeout"),
            maxAutonomousTurns: try reader.integer("max_autonomous_turns"),
            intentMapping: try reader.stringPairs("intent_mapping").map { IntentMappingEntry(MappingKey($0.0), $0.1) },
            keywordMapping: try reader.stringPairs("keyword_mapping").map { KeywordRoute($0.0, $0.1) },
            dtmfMapping: try reader.stringPairs("dtmf_mapping").map { KeywordRoute($0.0, $0.1) },
            next: try reader.string("next"),
            result: try reader.string("result"),
            determinant: try reader.bool("determinant") ?? false,
            capture: try reader.string("capture"),
            transferTo: try reader.string("transfer_to"),
            scoreAs: try reader.string("score_as"),
            extras: [])
        var complete = step
        complete.extras = reader.unknownFields
        return complete
    }

    private static func decodeRules(_ value: JSONValue) throws(ScenarioDecodingError) -> QualificationRules {
        var reader = try ObjectReader(value, path: "qualification_rules")
        let threshold = try reader.number("lead_threshold") ?? 70
        var weights: [StepWeight] = []
        if let raw = reader.raw("scoring_weights") {
            guard case .object(let fields) = raw else {
                throw ScenarioDecodingError(path: "qualification_rules.scoring_weights",
                                            message: "expected an object, found \(raw.kindDescription)")
            }
            for field in fields {
                guard case .number(let weight) = field.value else {
                    throw ScenarioDecodingError(path: "qualification_rules.scoring_weights.\(field.key)",
                                                message: "expected a number, found \(field.value.kindDescription)")
                }
                weights.append(StepWeight(field.key, weight))
            }
        }
        return QualificationRules(leadThreshold: threshold, scoringWeights: weights)
    }
}
