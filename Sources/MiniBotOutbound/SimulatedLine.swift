import Foundation
import Logging
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

/// The whole simulated telephone line of a dry run: an AudioSocket call service on a
/// loopback port running the scenario, the simulated PBX that calls it, and the simulated
/// recognizer that hears what the simulated contacts say. Alive for the duration of `body`.
public enum SimulatedLine {
    public struct Options: Sendable {
        /// Where each call's stereo WAV, JSON and TXT transcript go (nil = no recording).
        public var recordingsDirectory: String?
        /// Folder of the scenario's `audio_file`s; prompts without a file are synthesised (espeak-ng, else a tone).
        public var soundsRoot: String?
        /// Answering-machine detection on answered calls (outbound).
        public var answeringMachineDetection = true
        public var ringOutMs = 2_000
        public var timeZone = TimeZone(identifier: "Europe/Paris")!
        public var maximumConcurrentCalls = 500
        /// Sees the line's pacing counters and every call report (metrics).
        public var observer: (any CallObserver)?
        /// Longest call before the bot hangs up.
        public var maximumCallSeconds: Int?
        /// Overrides the standard prompt library (tests use short tones to keep real-time calls short).
        public var prompts: PromptLibrary?
        /// The agents transfers reach (a `transfer_to` target they do not know is unavailable); nil:
        /// transfers only record their target.
        public var agents: SimulatedAgentDesk?
        /// `LLM_ENGINE`'s model for intent fall-back, freestyle answers and `llm_prompt` steps; nil: rules only.
        public var languageModel: LanguageModelService?

        public init(recordingsDirectory: String? = nil, soundsRoot: String? = nil) {
            self.recordingsDirectory = recordingsDirectory
            self.soundsRoot = soundsRoot
        }
    }

    public static func withLine<T: Sendable>(
        scenario: Scenario, options: Options, logger: Logger = Logger(label: "minibot.simulated"),
        now: @escaping @Sendable () -> Date = { Date() },
        onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void = { _, _ in },
        _ body: @escaping @Sendable (SimulatedCallPlacer) async throws -> T
    ) async throws -> T {
        let script = SimulatedScript()
        let runner = try options.recipe(script: script, logger: logger).makeRunner(scenario: scenario)
        var configuration = AudioSocketServer.Configuration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.maximumConcurrentCalls = options.maximumConcurrentCalls
        let service = try await AudioSocketCallService.bind(configuration: configuration, runner: runner, logger: logger)
        guard let port = service.localPort else { throw SimulatedLineError.noPort }
        let observer = options.observer
        observer?.lineOpened(service.statistics)
        defer { observer?.lineClosed(service.statistics) }
        let pending = PendingCalls()
        let pbx = SimulatedPBX(port: port, onSay: { callID, text in script.enqueue([text], for: callID.uuidString) })
        let placer = SimulatedCallPlacer(pbx: pbx, calls: pending, now: now, timeZone: options.timeZone,
                                         ringOutMs: options.ringOutMs, onTurns: onTurns)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await service.run(contact: { pending.contact(for: $0.callID) }, onReport: { report in
                    observer?.callEnded(report)
                    pending.deliver(report)
                    script.removeCall(report.callID.uuid.uuidString)
                })
                return nil
            }
            let result: T
            do {
                result = try await body(placer)
            } catch {
                await service.shutdownGracefully()
                group.cancelAll()
                throw error
            }
            await service.shutdownGracefully()
            try await group.waitForAll()
            return result
        }
    }
}

extension SimulatedLine.Options {
    /// The runner recipe of the simulated line: the simulated recognizer hears what the script's
    /// contacts say; no wall clock (calls run faster than real time); the simulated agents take transfers.
    func recipe(script: SimulatedScript, logger: Logger) -> CallRunnerRecipe {
        var recipe = CallRunnerRecipe(recognizer: SimulatedRecognizer(script: script),
                                      prompts: prompts ?? PromptLibrary.simulated(soundsRoot: soundsRoot, logger: logger),
                                      recordingsDirectory: recordingsDirectory, logger: logger)
        recipe.answeringMachineDetection = answeringMachineDetection
        recipe.maximumCallSeconds = maximumCallSeconds
        recipe.transferDesk = agents
        recipe.languageModel = languageModel
        return recipe
    }
}

public enum SimulatedLineError: Error, CustomStringConvertible {
    case noPort
    public var description: String { "the simulated line's AudioSocket listener has no port" }
}
