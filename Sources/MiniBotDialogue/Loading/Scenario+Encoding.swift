/// Scenario → seed 000 JSON, with a fixed key order (metadata, variables, steps,
/// qualification_rules; step keys in seed order) so the output is stable byte for byte.
///
///     let text = scenario.jsonText()   // pretty JSON, round-trips through Scenario.decode
extension Scenario {
    public func jsonText() -> String { jsonValue().prettyPrinted() }

    public func jsonValue() -> JSONValue {
        var root: [JSONField] = [JSONField("metadata", Self.encode(metadata))]
        root.append(JSONField("variables", .object(variables.map { JSONField($0.name, .string($0.value)) })))
        root.append(JSONField("steps", .object(steps.map { JSONField($0.id, Self.encode($0)) })))
        if let rules = qualificationRules {
            root.append(JSONField("qualification_rules", .object([
                JSONField("lead_threshold", .number(rules.leadThreshold)),
                JSONField("scoring_weights", .object(rules.scoringWeights.map { JSONField($0.stepID, .number($0.weight)) })),
            ])))
        }
        return .object(root + extras)
    }

    private static func encode(_ metadata: ScenarioMetadata) -> JSONValue {
        var fields: [JSONField] = [JSONField("name", .string(metadata.name))]
        fields.optional("description", metadata.description.map(JSONValue.string))
        fields.optional("version", metadata.version.map(JSONValue.string))
        fields.optional("theme_file", metadata.themeFile.map(JSONValue.string))
        fields.optional("voice", metadata.voice.map(JSONValue.string))
        fields.optional("barge_in_default", metadata.bargeInDefault.map(JSONValue.bool))
        fields.optional("objective", metadata.objective.map(JSONValue.string))
        fields.optional("agent_mode", metadata.agentMode.map(JSONValue.bool))
        fields.optional("start_step", metadata.startStep.map(JSONValue.string))
        fields.optional("silence_warning_timeout", metadata.silenceWarningTimeout.map(JSONValue.number))
        fields.optional("silence_hangup_timeout", metadata.silenceHangupTimeout.map(JSONValue.number))
        fields.optional("max_call_duration", metadata.maxCallDuration.map(JSONValue.number))
        return .object(fields + metadata.extras)
    }

    private static func encode(_ step: ScenarioStep) -> JSONValue {
        var fields: [JSONField] = [JSONField("message_text", .string(step.messageText))]
        fields.optional("audio_file", step.audioFile.map(JSONValue.string))
        fields.optional("audio_type", step.audioType.map(JSONValue.string))
        fields.optional("voice", step.voice.map(JSONValue.string))
        fields.optional("barge_in", step.bargeIn.map(JSONValue.bool))
        fields.optional("timeout", step.timeout.map(JSONValue.number))
        fields.optional("max_autonomous_turns", step.maxAutonomousTurns.map { JSONValue.number(Double($0)) })
        if step.determinant { fields.append(JSONField("determinant", .bool(true))) }
        fields.optional("capture", step.capture.map(JSONValue.string))
        fields.optional("score_as", step.scoreAs.map(JSONValue.string))
        fields.append(JSONField("intent_mapping", .object(step.intentMapping.map { JSONField($0.key.name, .string($0.target)) })))
        if !step.keywordMapping.isEmpty {
            fields.append(JSONField("keyword_mapping", .object(step.keywordMapping.map { JSONField($0.keyword, .string($0.target)) })))
        }
        if !step.dtmfMapping.isEmpty {
            fields.append(JSONField("dtmf_mapping", .object(step.dtmfMapping.map { JSONField($0.keyword, .string($0.target)) })))
        }
        fields.optional("next", step.next.map(JSONValue.string))
        fields.optional("transfer_to", step.transferTo.map(JSONValue.string))
        fields.optional("result", step.result.map(JSONValue.string))
        return .object(fields + step.extras)
    }
}

extension Array where Element == JSONField {
    fileprivate mutating func optional(_ key: String, _ value: JSONValue?) {
        if let value { append(JSONField(key, value)) }
    }
}
