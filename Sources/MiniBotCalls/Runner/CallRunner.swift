import Foundation
import Logging
import MiniBotAudio
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

/// Runs one live call: binds a ``CallSession`` (any PBX), a ``SpeechRecognizer``, the
/// ``PromptLibrary`` and a ``CallController``, and returns the ``CallReport``.
///
/// A thin shell by design — every decision is the controller's. The call's events are
/// consumed in the caller's task (one task per call, a child of the server's task group).
/// Slow work never blocks that loop: each utterance's recognition is a child task fed through
/// an `AsyncStream`, prompts are resolved and queued by a child "player" task, and their
/// results come back as inputs merged with the PBX events — so inbound frames keep flowing
/// through VAD, AMD and the recorder while the recognizer or espeak-ng works. Nothing here
/// can touch another call.
/// ```swift
/// let runner = CallRunner(scenario: scenario, nlu: nlu, recognizer: SimulatedRecognizer(script: script),
///                         prompts: .standard(soundsRoot: "sounds"), options: .init(recordingsDirectory: "recordings"))
/// try await server.run { session in let report = await runner.run(session); print(report.result) }
/// ```
public struct CallRunner: Sendable {
    /// Per-service settings of the runner.
    public struct Options: Sendable {
        /// Where `<call-id>.wav/.json/.txt` go; `nil` = no recording.
        public var recordingsDirectory: String?
        public var controller: CallControllerConfiguration
        /// Words likely to be said, passed to the recognizer; empty: the scenario's ``Scenario/recognitionHints``.
        public var hints: [String]
        /// The wall clock of live calls; nil: the call's time is its count of caller frames only
        /// (simulated calls that deliver frames faster than real time). See ``CallClock``.
        public var clock: CallClock?
        /// Who connects a transfer when the session cannot (AudioSocket): simulated agents, or
        /// Asterisk's dialplan told through ARI. Nil: such calls only record the target.
        public var transferDesk: (any CallTransferDesk)?
        /// How long an agent's phone may ring before the caller is taken back.
        public var transferRingTimeoutSeconds = 20
        /// The language model for intent fall-back, freestyle answers and `llm_prompt` steps; pair it with
        /// `controller.languageModel` (and `controller.dialogue.languageModelAvailable` for freestyle).
        public var languageModel: LanguageModelService?

        public init(recordingsDirectory: String? = nil, controller: CallControllerConfiguration = CallControllerConfiguration(),
                    hints: [String] = [], clock: CallClock? = nil, transferDesk: (any CallTransferDesk)? = nil) {
            self.recordingsDirectory = recordingsDirectory
            self.controller = controller
            self.hints = hints
            self.clock = clock
            self.transferDesk = transferDesk
        }
    }

    public let scenario: Scenario
    public let nlu: NLUPipeline
    public let recognizer: any SpeechRecognizer
    public let prompts: PromptLibrary
    public let options: Options
    /// The scenario's background ambience (B8), mixed under every prompt; `nil`: none.
    public let ambience: Ambience?
    let logger: Logger
    /// The wall-clock tick shared by this runner's live calls (with ``Options/clock``).
    let ticker: CallTicker?

    public init(scenario: Scenario, nlu: NLUPipeline, recognizer: any SpeechRecognizer, prompts: PromptLibrary,
                options: Options = Options(), logger: Logger = Logger(label: "minibot.calls")) {
        self.scenario = scenario
        self.nlu = nlu
        self.recognizer = recognizer
        self.prompts = prompts
        self.options = options
        self.logger = logger
        ticker = options.clock.map(CallTicker.init)
        do {
            ambience = try Ambience.load(scenario: scenario, soundsRoot: prompts.soundsRoot)
        } catch {
            logger.error("background ambience disabled", metadata: ["scenario": "\(scenario.metadata.name)", "error": "\(error)"])
            ambience = nil
        }
    }

    /// Runs the call to its end (hang-up from either side) and returns its report.
    /// `contact` fills the scenario's template variables (`first_name`, …).
    /// `inProcessMachineDetection: false` turns this call's detector off (the PBX's AMD already
    /// decided on audio this detector never heard).
    public func run(_ session: any CallSession, contact: [String: String] = [:],
                    inProcessMachineDetection: Bool = true) async -> CallReport {
        let callID = CallID(session.callID)
        var logger = logger
        logger[metadataKey: "call"] = "\(callID)"
        let seed = session.callID.uuid
        let indexSource = SeededIndexSource(seed: UInt64(seed.0) << 56 | UInt64(seed.1) << 48 | UInt64(seed.2) << 40 | UInt64(seed.3))
        var configuration = options.controller
        if !inProcessMachineDetection { configuration.answeringMachineDetection = nil }
        let loop = CallLoop(
            controller: CallController(scenario: scenario, nlu: nlu, contact: contact,
                                       configuration: configuration, indexSource: indexSource),
            recorder: Self.openRecorder(options.recordingsDirectory, callID: callID, logger: logger),
            logger: logger)
        let (effects, effectContinuation) = AsyncStream.makeStream(of: RunnerEffect.self)
        let (jobs, jobContinuation) = AsyncStream.makeStream(of: PlayJob.self)
        let core = RunnerCore(loop: loop, clock: options.clock, effects: effectContinuation)
        let recognizer = recognizer, prompts = prompts, ambience = ambience, options = options, scenario = scenario, ticker = ticker
        // The scenario's vocabulary (company name, expected answers) unless the service chose its own.
        let hints = options.hints.isEmpty ? scenario.recognitionHints : options.hints

        await withDiscardingTaskGroup { group in
            group.addTask {
                await RunnerTasks.player(jobs: jobs, session: session, prompts: prompts, ambience: ambience,
                                         gate: core.gate, deliver: core.step)
            }
            ticker?.register(core)
            core.step(.start)
            // Caller frames are stepped where they arrive (the connector's event loop) when the
            // session can push them; otherwise one task pulls them.
            if await !session.deliverEvents(to: { core.step(.event($0)) }) {
                group.addTask {
                    for await event in session.events { core.step(.event(event)) }
                    core.step(.eventsEnded)
                }
            }
            effects: for await effect in effects {
                switch effect {
                case .play(let job):
                    jobContinuation.yield(job)
                case .stopPlayback:
                    await session.stop()
                case .recognize(let utterance, let frames):
                    group.addTask {
                        // The simulated script is keyed by the UUID's canonical spelling, as `SimulatedPBX.onSay` hands it.
                        await RunnerTasks.recognize(utterance: utterance, callID: callID.uuid.uuidString, recognizer: recognizer,
                                                    hints: hints, frames: frames, cancelled: core.cancelled,
                                                    deliver: core.step)
                    }
                case .generate(let job, let cancel):
                    let languageModel = options.languageModel
                    group.addTask {
                        await RunnerTasks.generate(job, service: languageModel, cancel: cancel, deliver: core.step)
                    }
                case .transfer(let target):
                    let result = await Self.transfer(session, target: target, scenario: scenario, options: options)
                    core.step(.transferEnded(target: target, result: result))
                case .hangup:
                    await session.hangup()
                case .finished:
                    break effects
                }
            }
            ticker?.unregister(core)
            jobContinuation.finish()
            core.closeOpenJobs()
            effectContinuation.finish()
            group.cancelAll()
        }
        return core.finish(callID: callID, recognizer: recognizer.name, directory: options.recordingsDirectory)
    }

    static let silentFrame = [Int16](repeating: 0, count: 160)
    /// 100 ms: a frame later than this is missing, not late.
    static let jitterFrames = 5

    static func openRecorder(_ directory: String?, callID: CallID, logger: Logger) -> CallRecorder? {
        guard let directory else { return nil }
        do {
            return try CallRecorder(path: directory + "/" + callID.description + ".wav")
        } catch {
            logger.error("recording disabled for this call", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
