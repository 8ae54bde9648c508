import Logging
import MiniBotAudio
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

/// Everything that makes a ``CallRunner`` but its scenario: the one place where the recognizer,
/// the prompts, the transfers (desk and ring timeout), the language model and the real-time
/// settings are wired, for every line (the simulated PBX, FreeSWITCH and Asterisk campaigns, and
/// `serve`'s inbound listener).
///
/// Why one recipe: the runner used to be assembled in three places kept in step by hand (the
/// rail-return questions, the words-confirm-barge-in rule for streaming recognizers, the language
/// model's switches). Each line now says only what differs for it (AMD, clock, desk, caps).
/// ```swift
/// var recipe = CallRunnerRecipe(recognizer: recognizer, prompts: .standard(soundsRoot: "sounds"))
/// recipe.clock = .continuous
/// recipe.answeringMachineDetection = true            // outbound
/// let runner = try recipe.makeRunner(scenario: scenario)
/// ```
public struct CallRunnerRecipe: Sendable {
    public var recognizer: any SpeechRecognizer
    public var prompts: PromptLibrary
    /// Where each call's WAV, JSON and TXT go; nil: no recording.
    public var recordingsDirectory: String?
    /// Answering-machine detection on the first seconds (outbound calls).
    public var answeringMachineDetection = false
    public var bargeInGraceMs = 3_000
    /// The longest call before the bot hangs up when the scenario sets no `max_call_duration`;
    /// nil keeps ``CallControllerConfiguration``'s default.
    public var maximumCallSeconds: Int?
    /// Live calls: the wall clock; nil: a call's time is its count of caller frames (simulated calls).
    public var clock: CallClock?
    /// Who connects a transfer the session cannot (simulated agents, Asterisk's dialplan).
    public var transferDesk: (any CallTransferDesk)?
    /// How long an agent's phone rings before the bot takes the caller back (a PBX line uses its `RING_TIMEOUT`).
    public var transferRingTimeoutSeconds = 20
    /// `LLM_ENGINE`'s model for intent fall-back, freestyle answers and `llm_prompt` steps; nil: rules only.
    public var languageModel: LanguageModelService?
    public var logger: Logger

    public init(recognizer: any SpeechRecognizer, prompts: PromptLibrary, recordingsDirectory: String? = nil,
                logger: Logger = Logger(label: "minibot.calls")) {
        self.recognizer = recognizer
        self.prompts = prompts
        self.recordingsDirectory = recordingsDirectory
        self.logger = logger
    }

    /// The controller's settings: the rail-return questions always; a streaming recognizer's first
    /// words (not a cough) confirm a barge-in.
    public var controllerConfiguration: CallControllerConfiguration {
        var controller = CallControllerConfiguration(bargeInGraceMs: bargeInGraceMs,
                                                     answeringMachineDetection: answeringMachineDetection ? .asteriskDefaults : nil)
        if let maximumCallSeconds { controller.defaultMaxCallDuration = Double(maximumCallSeconds) }
        controller.dialogue = DialogueConfiguration(railReturnQuestions: RailReturnQuestions.all)
        controller.bargeInRequiresWords = recognizer.streamsPartials
        return controller
    }

    /// The runner's options as this recipe sets them.
    public var runnerOptions: CallRunner.Options {
        var options = CallRunner.Options(recordingsDirectory: recordingsDirectory, controller: controllerConfiguration,
                                         clock: clock, transferDesk: transferDesk)
        options.transferRingTimeoutSeconds = transferRingTimeoutSeconds
        options.useLanguageModel(languageModel)
        return options
    }

    /// A runner for `scenario`'s calls (throws when the NLU's model cannot load).
    public func makeRunner(scenario: Scenario) throws -> CallRunner {
        CallRunner(scenario: scenario, nlu: try NLUPipeline(), recognizer: recognizer, prompts: prompts,
                   options: runnerOptions, logger: logger)
    }
}
