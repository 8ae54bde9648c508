/// Checks of the language-model fields (`llm_prompt`, `freestyle`): a wrong type would silently
/// turn the feature off on a call, so it is an error here.
extension ScenarioValidator {
    func checkLanguageModelFields(of step: ScenarioStep, _ issues: inout [ValidationIssue]) {
        let path = "steps.\(step.id)"
        if let value = step.extra(ScenarioStep.llmPromptKey) {
            switch value {
            case .string(let text) where !text.contains(where: { !$0.isWhitespace }):
                issues.append(.init(.error, .invalidValue, path: "\(path).llm_prompt", "llm_prompt is blank"))
            case .string(let text) where text.count > ScenarioStep.maxLLMPromptLength:
                issues.append(.init(.error, .invalidValue, path: "\(path).llm_prompt",
                                    "llm_prompt has \(text.count) characters; at most \(ScenarioStep.maxLLMPromptLength)"))
            case .string:
                break
            default:
                issues.append(.init(.error, .invalidValue, path: "\(path).llm_prompt",
                                    "llm_prompt must be a string, not \(value.kindDescription)"))
            }
        }
        if let value = step.extra(ScenarioStep.freestyleKey), !value.isBoolean {
            issues.append(.init(.error, .invalidValue, path: "\(path).freestyle",
                                "freestyle must be true or false, not \(value.kindDescription)"))
        }
    }

    func checkLanguageModelFields(of metadata: ScenarioMetadata, _ issues: inout [ValidationIssue]) {
        if let value = metadata.extras.first(where: { $0.key == ScenarioStep.freestyleKey })?.value, !value.isBoolean {
            issues.append(.init(.error, .invalidValue, path: "metadata.freestyle",
                                "freestyle must be true or false, not \(value.kindDescription)"))
        }
        if metadata.extras.contains(where: { $0.key == ScenarioStep.llmPromptKey }) {
            issues.append(.init(.warning, .invalidValue, path: "metadata.llm_prompt",
                                "llm_prompt belongs on a step, not in metadata: it is ignored here"))
        }
    }
}

private extension JSONValue {
    var isBoolean: Bool {
        if case .bool = self { true } else { false }
    }
}
