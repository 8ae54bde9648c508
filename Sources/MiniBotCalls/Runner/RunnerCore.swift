import Logging
import MiniBotAudio
import MiniBotTelephony
import Synchronization

/// One call's state behind one lock, stepped synchronously by whoever holds an input: the
/// connector's event loop for caller frames, the recogniser's task for its text, the player for
/// a queued prompt, the clock task for a tick.
///
/// Why: a caller frame is 20 ms of audio and about a microsecond of work (VAD, AMD, DTMF,
/// endpointer, recorder). Carrying each one through two async streams and two task switches
/// cost ten times the work itself; stepping it where it arrives costs one uncontended lock.
/// Only what must wait (playing, stopping and hanging up on the PBX, starting a recognition or a
/// language-model job, a transfer) leaves as a ``RunnerEffect`` for the call's task, in order.
/// Nothing is queued between the socket and the controller, so a slow call slows its own
/// connection's reads (back-pressure) instead of buffering audio.
final class RunnerCore: Sendable {
    private let state: Mutex<State>
    let gate: PlaybackGate
    let cancelled: CancelledUtterances

    /// At most this many caller frames (30 s) wait for a slow recogniser; older ones are dropped and counted.
    static let recognitionBacklogFrames = 1_500

    struct State {
        var loop: CallLoop
        let effects: AsyncStream<RunnerEffect>.Continuation
        let gate: PlaybackGate
        let cancelled: CancelledUtterances
        let clock: CallClock?
        let start: Duration?
        var resampler: Resampler?
        var feeds: [Int: AsyncStream<[Int16]>.Continuation] = [:]
        var generations: [Int: AsyncStream<Void>.Continuation] = [:]
        var ended = false
    }

    init(loop: sending CallLoop, clock: CallClock?, effects: AsyncStream<RunnerEffect>.Continuation) {
        let gate = PlaybackGate()
        let cancelled = CancelledUtterances()
        self.gate = gate
        self.cancelled = cancelled
        state = Mutex(State(loop: loop, effects: effects, gate: gate, cancelled: cancelled,
                            clock: clock, start: clock?.now()))
    }

    /// Feeds one input and performs what it can at once; the rest goes out as effects.
    func step(_ input: RunnerInput) {
        state.withLock { $0.handle(input) }
    }

    /// Ends the streams of recognitions and language-model jobs still open (the call is over).
    func closeOpenJobs() {
        state.withLock { state in
            for generation in state.generations.values { generation.finish() }
            state.generations.removeAll()
            for (utterance, feed) in state.feeds {
                state.cancelled.insert(utterance)
                feed.finish()
            }
            state.feeds.removeAll()
        }
    }

    /// Closes the recording, writes the transcript and builds the report.
    func finish(callID: CallID, recognizer: String, directory: String?) -> CallReport {
        state.withLock { $0.loop.finish(callID: callID, recognizer: recognizer, directory: directory) }
    }
}

/// What a call's task must do because the controller said so, in the order it said it.
enum RunnerEffect: Sendable {
    case play(PlayJob)
    /// Barge-in: drop the PBX's queued audio.
    case stopPlayback
    case recognize(utterance: Int, frames: AsyncStream<[Int16]>)
    case generate(LanguageModelJob, cancel: AsyncStream<Void>)
    case transfer(target: String)
    case hangup
    /// The session's events are over: the call's task stops reading effects.
    case finished
}

extension RunnerCore.State {
    mutating func handle(_ input: RunnerInput) {
        guard !ended else {
            if case .transferEnded(let target, let result) = input { transferEnded(target: target, result: result) }
            return
        }
        switch input {
        case .start:
            execute(loop.controller.handle(.start))
        case .event(.audio(var samples, let rate)):
            if rate != TelephoneAudio.sampleRate {
                if resampler?.inputRate != rate { resampler = Resampler(from: rate, to: TelephoneAudio.sampleRate) }
                samples = resampler?.process(samples) ?? samples
            }
            inboundFrame(samples)
        case .event(.dtmf(let digit)):
            execute(loop.controller.handle(.dtmf(digit)))
        case .event(.playbackFinished(let report)):
            execute(loop.controller.handle(.playbackFinished(report)))
        case .event(.hangup(let reason)):
            loop.logger.debug("call ended", metadata: ["reason": "\(reason)"])
            execute(loop.controller.handle(.remoteHangup))
            // A session's events end with its hang-up.
            eventsEnded()
        case .eventsEnded:
            eventsEnded()
        case .recognized(let result, let utterance, let latencyMs):
            loop.recognitionTimesMs.append(latencyMs)
            let understanding = ContinuousClock.now
            let commands = loop.controller.handle(.recognized(result, utterance: utterance))
            loop.understandingTimesMs.append((ContinuousClock.now - understanding).milliseconds)
            execute(commands)
        case .partial(let result, let utterance):
            execute(loop.controller.handle(.partialRecognized(result, utterance: utterance)))
        case .recognitionFailed(let reason, let utterance):
            loop.logger.warning("recognition failed", metadata: ["reason": "\(reason)"])
            execute(loop.controller.handle(.recognitionFailed(reason, utterance: utterance)))
        case .languageModel(let event):
            switch event {
            case .finished, .failed: generations.removeValue(forKey: event.job)?.finish()
            default: break
            }
            execute(loop.controller.handle(.languageModel(event)))
        case .promptQueued(let prompt, let generation):
            loop.promptQueued(prompt, current: generation == gate.current)
        case .tick(let now):
            catchUp(to: now, lag: CallRunner.jitterFrames)
        case .transferEnded(let target, let result):
            transferEnded(target: target, result: result)
        }
    }

    private mutating func inboundFrame(_ samples: [Int16]) {
        loop.record(samples)
        let commands = loop.controller.handle(.inboundFrame(samples))
        if !commands.isEmpty { execute(commands) }
    }

    private mutating func eventsEnded() {
        guard !ended else { return }
        if let clock { catchUp(to: clock.now(), lag: 0) }
        ended = true
        effects.yield(.finished)
    }

    /// Silence for the frames the PBX did not send (nothing comes while the far end is silent), so
    /// timeouts, duration and the recording follow the wall clock. `lag` frames of slack absorb
    /// network jitter without inventing audio.
    private mutating func catchUp(to now: Duration, lag: Int) {
        guard let start else { return }
        let due = Int((now - start) / .milliseconds(20)) - lag
        while loop.controller.frameIndex < due {
            inboundFrame(CallRunner.silentFrame)
        }
    }

    /// The line's answer to a transfer. If the caller hung up while the agent's phone rang, the
    /// controller hears that hang-up again once it is back in charge (it ignored it meanwhile).
    private mutating func transferEnded(target: String, result: TransferResult?) {
        if let result {
            loop.transferEnded(target: target, result: result)
            if !result.isConnected {
                execute(loop.controller.transferFailed(target: target, reason: result.reason))
                if ended { execute(loop.controller.handle(.remoteHangup)) }
                return
            }
        }
        if !ended { effects.yield(.hangup) }
    }

    private mutating func execute(_ commands: [CallCommand]) {
        for command in commands {
            switch command {
            case .play(let request):
                effects.yield(.play(PlayJob(request: request, generation: gate.current)))
            case .stopPlayback(let frame):
                gate.bump()
                loop.recorder?.stopBot(atFrame: frame + 1)
                effects.yield(.stopPlayback)
            case .startRecognition(let utterance):
                let (frames, feed) = AsyncStream.makeStream(
                    of: [Int16].self, bufferingPolicy: .bufferingOldest(RunnerCore.recognitionBacklogFrames))
                feeds[utterance] = feed
                effects.yield(.recognize(utterance: utterance, frames: frames))
            case .feedRecognition(let frame, let utterance):
                if case .dropped = feeds[utterance]?.yield(frame) { loop.recognitionFramesDropped += 1 }
            case .finishRecognition(let utterance):
                feeds.removeValue(forKey: utterance)?.finish()
            case .cancelRecognition(let utterance):
                cancelled.insert(utterance)
                feeds.removeValue(forKey: utterance)?.finish()
            case .generate(let job):
                let (cancel, cancelContinuation) = AsyncStream.makeStream(of: Void.self)
                generations[job.id] = cancelContinuation
                effects.yield(.generate(job, cancel: cancel))
            case .cancelGeneration(let job):
                generations.removeValue(forKey: job)?.finish()
            case .transfer(let target, _):
                loop.note(command)
                gate.bump()
                effects.yield(.transfer(target: target))
            case .hangup:
                loop.note(command)
                gate.bump()
                effects.yield(.hangup)
            default:
                loop.note(command)
            }
        }
    }
}
