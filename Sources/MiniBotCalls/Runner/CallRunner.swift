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

    public init(scenario: Scenario, nlu: NLUPipeline, recognizer: any SpeechRecognizer, prompts: PromptLibrary,
                options: Options = Options(), logger: Logger = Logger(label: "minibot.calls")) {
        self.scenario = scenario
        self.nlu = nlu
        self.recognizer = recognizer
        self.prompts = prompts
        self.options = options
        self.logger = logger
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
        var loop = CallLoop(
            controller: CallController(scenario: scenario, nlu: nlu, contact: contact,
                                       configuration: configuration, indexSource: indexSource),
            recorder: Self.openRecorder(options.recordingsDirectory, callID: callID, logger: logger),
            logger: logger)
        let (inputs, inputContinuation) = AsyncStream.makeStream(of: RunnerInput.self)
        let (jobs, jobContinuation) = AsyncStream.makeStream(of: PlayJob.self)
        let gate = PlaybackGate()
        let cancelled = CancelledUtterances()
        let recognizer = recognizer, prompts = prompts, ambience = ambience
        // The scenario's vocabulary (company name, expected answers) unless the service chose its own.
        let hints = options.hints.isEmpty ? scenario.recognitionHints : options.hints

        await withDiscardingTaskGroup { group in
            group.addTask {
                for await event in session.events { inputContinuation.yield(.event(event)) }
                inputContinuation.yield(.eventsEnded)
            }
            group.addTask {
                await RunnerTasks.player(jobs: jobs, session: session, prompts: prompts, ambience: ambience, gate: gate,
                                         inputs: inputContinuation)
            }
            let clock = options.clock
            let start = clock?.now()
            if let clock {
                group.addTask { await RunnerTasks.ticks(clock: clock, inputs: inputContinuation) }
            }
            /// Silence for the frames the PBX did not send (nothing comes while the far end is
            /// silent), so timeouts, duration and the recording follow the wall clock. `lag` frames
            /// of slack absorb network jitter without inventing audio.
            func catchUp(to now: Duration, lag: Int) async {
                guard let start else { return }
                let due = Int((now - start) / .milliseconds(20)) - lag
                while loop.controller.frameIndex < due {
                    loop.record(CallRunner.silentFrame)
                    await execute(loop.controller.handle(.inboundFrame(CallRunner.silentFrame)))
                }
            }
            var feeds: [Int: AsyncStream<[Int16]>.Continuation] = [:]
            var generations: [Int: AsyncStream<Void>.Continuation] = [:]
            let languageModel = options.languageModel
            func execute(_ commands: [CallCommand]) async {
                for command in commands {
                    switch command {
                    case .play(let request):
                        jobContinuation.yield(PlayJob(request: request, generation: gate.current))
                    case .stopPlayback(let frame):
                        gate.bump()
                        await session.stop()
                        loop.recorder?.stopBot(atFrame: frame + 1)
                    case .startRecognition(let utterance):
                        let (frames, feed) = AsyncStream.makeStream(of: [Int16].self)
                        feeds[utterance] = feed
                        group.addTask {
                            // The simulated script is keyed by the UUID's canonical spelling, as `SimulatedPBX.onSay` hands it.
                            await RunnerTasks.recognize(utterance: utterance, callID: callID.uuid.uuidString, recognizer: recognizer,
                                                        hints: hints, frames: frames, cancelled: cancelled,
                                                        inputs: inputContinuation)
                        }
                    case .feedRecognition(let frame, let utterance):
                        feeds[utterance]?.yield(frame)
                    case .finishRecognition(let utterance):
                        feeds.removeValue(forKey: utterance)?.finish()
                    case .cancelRecognition(let utterance):
                        cancelled.insert(utterance)
                        feeds.removeValue(forKey: utterance)?.finish()
                    case .generate(let job):
                        let (cancel, cancelContinuation) = AsyncStream.makeStream(of: Void.self)
                        generations[job.id] = cancelContinuation
                        group.addTask {
                            await RunnerTasks.generate(job, service: languageModel, cancel: cancel, inputs: inputContinuation)
                        }
                    case .cancelGeneration(let job):
                        generations.removeValue(forKey: job)?.finish()
                    case .transfer(let target, _):
                        loop.note(command)
                        gate.bump()
                        let result = await Self.transfer(session, target: target, scenario: scenario, options: options)
                        if let result {
                            loop.transferEnded(target: target, result: result)
                            if !result.isConnected {
                                await execute(loop.controller.transferFailed(target: target, reason: result.reason))
                                continue
                            }
                        }
                        await session.hangup()
                    case .hangup:
                        loop.note(command)
                        gate.bump()
                        await session.hangup()
                    default:
                        loop.note(command)
                    }
                }
            }

            await execute(loop.controller.handle(.start))
            var resampler: Resampler?
            for await input in inputs {
                switch input {
                case .event(.audio(var samples, let rate)):
                    if rate != TelephoneAudio.sampleRate {
                        if resampler?.inputRate != rate { resampler = Resampler(from: rate, to: TelephoneAudio.sampleRate) }
                        samples = resampler?.process(samples) ?? samples
                    }
                    loop.record(samples)
                    await execute(loop.controller.handle(.inboundFrame(samples)))
                case .event(.dtmf(let digit)):
                    await execute(loop.controller.handle(.dtmf(digit)))
                case .event(.playbackFinished(let report)):
                    await execute(loop.controller.handle(.playbackFinished(report)))
                case .event(.hangup(let reason)):
                    logger.debug("call ended", metadata: ["reason": "\(reason)"])
                    await execute(loop.controller.handle(.remoteHangup))
                case .recognized(let result, let utterance, let latencyMs):
                    loop.recognitionTimesMs.append(latencyMs)
                    let understanding = ContinuousClock.now
                    let commands = loop.controller.handle(.recognized(result, utterance: utterance))
                    loop.understandingTimesMs.append((ContinuousClock.now - understanding).milliseconds)
                    await execute(commands)
                case .partial(let result, let utterance):
                    await execute(loop.controller.handle(.partialRecognized(result, utterance: utterance)))
                case .recognitionFailed(let reason, let utterance):
                    logger.warning("recognition failed", metadata: ["reason": "\(reason)"])
                    await execute(loop.controller.handle(.recognitionFailed(reason, utterance: utterance)))
                case .languageModel(let event):
                    if case .finished = event { generations.removeValue(forKey: event.job)?.finish() }
                    if case .failed = event { generations.removeValue(forKey: event.job)?.finish() }
                    await execute(loop.controller.handle(.languageModel(event)))
                case .promptQueued(let prompt, let generation):
                    loop.promptQueued(prompt, current: generation == gate.current)
                case .tick(let now):
                    await catchUp(to: now, lag: CallRunner.jitterFrames)
                case .eventsEnded:
                    if let clock { await catchUp(to: clock.now(), lag: 0) }
                }
                if case .eventsEnded = input { break }
            }
            jobContinuation.finish()
            for generation in generations.values { generation.finish() }
            for (utterance, feed) in feeds {
                cancelled.insert(utterance)
                feed.finish()
            }
            inputContinuation.finish()
            group.cancelAll()
        }
        return loop.finish(callID: callID, recognizer: recognizer.name, directory: options.recordingsDirectory)
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
