import AsyncHTTPClient
import Logging
import MiniBotSpeech

extension CallRunner.Options {
    /// Turns the language model on for this runner's calls: intent fall-back, freestyle answers and
    /// `llm_prompt` steps (nil leaves the rules alone).
    /// ```swift
    /// var options = CallRunner.Options(controller: controller)
    /// options.useLanguageModel(try LanguageModelService.make(environment: ProcessInfo.processInfo.environment))
    /// ```
    public mutating func useLanguageModel(_ service: LanguageModelService?, settings: LanguageModelSettings = LanguageModelSettings()) {
        guard let service else { return }
        languageModel = service
        controller.languageModel = settings
        controller.dialogue.languageModelAvailable = true
    }
}

extension LanguageModelService {
    /// The service `LLM_ENGINE` and its variables ask for, or nil for `none` (the default).
    /// Throws ``LanguageModelConfigurationError`` naming a bad variable.
    public static func make(environment: [String: String], client: HTTPClient = .shared,
                            logger: Logger = Logger(label: "minibot.llm")) throws -> LanguageModelService? {
        guard let configuration = try LanguageModelConfiguration(values: environment) else { return nil }
        return LanguageModelService(model: HTTPLanguageModel(configuration: configuration, client: client, logger: logger),
                                    timeout: configuration.timeout)
    }
}
