import struct Foundation.UUID
import Logging
import Synchronization

/// ``CallSession`` over FreeSWITCH: caller audio arrives from mod_audio_stream through
/// ``AudioStreamServer``; DTMF, playback and hangup come as ESL events; commands are ESL `api`
/// calls (`uuid_broadcast`, `uuid_break`, `uuid_kill`, …). Commands fail soft: a prompt that cannot
/// be started is reported as an interrupted playback, so a runner never waits forever.
/// ```swift
/// await session.play(prompt)                      // uuid_broadcast <uuid> <wav> aleg
/// await session.stop()                             // uuid_break <uuid> all
/// try await session.startAmbience(file: "/sounds/office.wav")  // uuid_displace … 0 mux
/// ```
public final class FreeSwitchCallSession: CallSession {
    public let callID: UUID
    public let metadata: CallMetadata
    public let events: CallEventStream
    let client: ESLClient
    private let prompts: PromptFileStore
    private let sampleRate: Int
    let logger: Logger
    let state: Mutex<State>
    private let onEnd: @Sendable () -> Void
    let transferConfiguration: FreeSwitchTransferConfiguration
    /// The caller's progress while a transfer rings the agent.
    let transferWatch = FreeSwitchTransferWatch()

    struct QueuedPrompt {
        var id: String
        var path: String
        var frames: Int
        var started = false
    }

    struct State {
        /// The runner's events: caller audio beyond 5 s unread is dropped oldest first (counted), never a DTMF or the hang-up.
        var continuation: BoundedCallEvents
        var queue: [QueuedPrompt] = []
        var ended = false
        var answered = false
        var localHangupRequested = false
        var hangupCause: Q850Cause?
        var machineDetection: PBXMachineDetection?
        var machineDetectionWaiter: CheckedContinuation<PBXMachineDetection?, Never>?
        var machineDetectionDone = false
    }

    init(callID: UUID, metadata: CallMetadata, client: ESLClient, prompts: PromptFileStore, sampleRate: Int,
         logger: Logger, transferConfiguration: FreeSwitchTransferConfiguration = FreeSwitchTransferConfiguration(),
         onEnd: @escaping @Sendable () -> Void) {
        self.transferConfiguration = transferConfiguration
        self.callID = callID
        self.metadata = metadata
        self.client = client
        self.prompts = prompts
        self.sampleRate = sampleRate
        self.logger = logger
        self.onEnd = onEnd
        let (events, buffer) = BoundedCallEvents.makeStream(maximumAudioFrames: 250)
        self.events = events
        self.state = Mutex(State(continuation: buffer))
    }

    var uuid: String { callID.uuidString.lowercased() }

    // MARK: Inbound

    func receive(audio frame: [Int16]) {
        state.withLock { state in
            guard !state.ended else { return }
            state.continuation.yield(.audio(frame, sampleRate: sampleRate))
        }
    }

    func receive(_ event: ESLChannelEvent) {
        transferWatch.handle(event)
        switch event {
        case .dtmf(let digit):
            state.withLock { state in
                if !state.ended { state.continuation.yield(.dtmf(digit)) }
            }
        case .playbackStarted(let path):
            state.withLock { state in
                if let index = state.queue.firstIndex(where: { !$0.started && (path == nil || $0.path == path) }) {
                    state.queue[index].started = true
                }
            }
        case .playbackStopped(let path, let interrupted, let milliseconds):
            state.withLock { state in
                guard let index = state.queue.firstIndex(where: { path == nil || $0.path == path }) else { return }
                let prompt = state.queue.remove(at: index)
                let played = milliseconds.map { min(prompt.frames, $0 / 20) } ?? (interrupted ? 0 : prompt.frames)
                if !state.ended {
                    state.continuation.yield(.playbackFinished(PlaybackReport(promptID: prompt.id, framesPlayed: played,
                                                                              interrupted: interrupted)))
                }
            }
        case .executeComplete(.machineDetection(let result)):
            let waiter = state.withLock { state -> CheckedContinuation<PBXMachineDetection?, Never>? in
                state.machineDetection = result
                state.machineDetectionDone = true
                defer { state.machineDetectionWaiter = nil }
                return state.machineDetectionWaiter
            }
            waiter?.resume(returning: result)
        case .answered:
            state.withLock { $0.answered = true }
        case .hangup(let cause, _):
            state.withLock { if $0.hangupCause == nil { $0.hangupCause = cause } }
            let (answered, local) = state.withLock { ($0.answered, $0.localHangupRequested) }
            if answered { finish(local ? .localHangup : .remoteHangup) }
        case .executeComplete, .bridged, .backgroundJob, .other:
            break
        }
    }

    var recordedHangupCause: Q850Cause? { state.withLock { $0.hangupCause } }

    func markAnswered() { state.withLock { $0.answered = true } }

    /// The mod_amd verdict, or nil after `timeout` / when the call ends first.
    func machineDetection(timeout: Duration) async -> PBXMachineDetection? {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.resolveMachineDetection(nil)
            }
            let verdict = await withCheckedContinuation { (continuation: CheckedContinuation<PBXMachineDetection?, Never>) in
                let ready = state.withLock { state -> PBXMachineDetection?? in
                    if state.machineDetectionDone || state.ended { return .some(state.machineDetection) }
                    state.machineDetectionWaiter = continuation
                    return .none
                }
                if case .some(let value) = ready { continuation.resume(returning: value) }
            }
            group.cancelAll()
            return verdict
        }
    }

    private func resolveMachineDetection(_ value: PBXMachineDetection?) {
        let waiter = state.withLock { state -> CheckedContinuation<PBXMachineDetection?, Never>? in
            state.machineDetectionDone = true
            defer { state.machineDetectionWaiter = nil }
            return state.machineDetectionWaiter
        }
        waiter?.resume(returning: value)
    }

    /// Ends the event stream once: queued prompts are reported interrupted, then `.hangup`.
    func finish(_ reason: CallEndReason) {
        let ended = state.withLock { state -> Bool in
            guard !state.ended else { return false }
            state.ended = true
            for prompt in state.queue {
                state.continuation.yield(.playbackFinished(PlaybackReport(promptID: prompt.id, framesPlayed: 0, interrupted: true)))
            }
            state.queue = []
            state.continuation.yield(.hangup(reason))
            state.continuation.finish()
            return true
        }
        if ended {
            resolveMachineDetection(nil)
            onEnd()
        }
    }

    // MARK: CallSession

    public func play(_ prompt: Prompt) async {
        do {
            let path = try prompts.path(for: prompt)
            try await play(file: path, promptID: prompt.id, frameCount: prompt.frames.count)
        } catch {
            logger.warning("Prompt could not be played", metadata: ["call_id": "\(uuid)", "prompt": "\(prompt.id)", "error": "\(error)"])
        }
    }

    /// Plays a file FreeSWITCH can read (pre-recorded prompts); reported like any prompt.
    public func play(file path: String, promptID: String, frameCount: Int = 0) async throws {
        try FreeSwitchArgument.check(path)
        let accepted = state.withLock { state -> Bool in
            guard !state.ended else { return false }
            state.queue.append(QueuedPrompt(id: promptID, path: path, frames: frameCount))
            return true
        }
        guard accepted else { return }
        do {
            try await client.api("uuid_broadcast \(uuid) \(path) aleg")
        } catch {
            state.withLock { state in
                guard let index = state.queue.lastIndex(where: { $0.path == path && !$0.started }) else { return }
                state.queue.remove(at: index)
                if !state.ended {
                    state.continuation.yield(.playbackFinished(PlaybackReport(promptID: promptID, framesPlayed: 0, interrupted: true)))
                }
            }
            throw error
        }
    }

    /// `uuid_break <uuid> all`: prompts not yet started are reported at once (FreeSWITCH drops
    /// them silently); the one playing is reported by its PLAYBACK_STOP (status `break`).
    @discardableResult
    public func stop() async -> Int {
        // Frames queued at the moment of barge-in (FreeSWITCH does not say how far the current one got).
        let queued = state.withLock { state in state.ended ? nil : state.queue.reduce(0) { $0 + $1.frames } }
        guard let queued else { return 0 }
        do {
            try await client.api("uuid_break \(uuid) all")
        } catch {
            logger.warning("uuid_break failed", metadata: ["call_id": "\(uuid)", "error": "\(error)"])
        }
        // The reply is dispatched after every event FreeSWITCH sent before it, so `started` is current.
        state.withLock { state in
            guard !state.ended else { return }
            state.queue.removeAll { prompt in
                guard !prompt.started else { return false }
                state.continuation.yield(.playbackFinished(PlaybackReport(promptID: prompt.id, framesPlayed: 0, interrupted: true)))
                return true
            }
        }
        return queued
    }

    public func hangup() async {
        let ended = state.withLock { state -> Bool in
            state.localHangupRequested = true
            return state.ended
        }
        if ended { return }
        do {
            try await client.api("uuid_kill \(uuid)")
        } catch {
            logger.debug("uuid_kill failed (call may be gone)", metadata: ["call_id": "\(uuid)", "error": "\(error)"])
        }
        finish(.localHangup)
    }

    // MARK: FreeSWITCH extras

    /// `uuid_transfer <uuid> <destination> [dialplan] [context]` (hand the caller to an agent queue).
    public func transfer(to destination: String, dialplan: String = "XML", context: String = "default") async throws {
        try [destination, dialplan, context].forEach(FreeSwitchArgument.check)
        try await client.api("uuid_transfer \(uuid) \(destination) \(dialplan) \(context)")
    }

    /// Background ambience mixed under the bot (`uuid_displace <uuid> start <file> 0 mux`; 0 = no limit).
    public func startAmbience(file path: String) async throws {
        try FreeSwitchArgument.check(path)
        try await client.api("uuid_displace \(uuid) start \(path) 0 mux")
    }

    public func stopAmbience(file path: String) async throws {
        try FreeSwitchArgument.check(path)
        try await client.api("uuid_displace \(uuid) stop \(path)")
    }

    /// `uuid_record <uuid> start <path>` (FreeSWITCH writes the file; stereo per its `RECORD_STEREO`).
    public func startRecording(path: String) async throws {
        try FreeSwitchArgument.check(path)
        try await client.api("uuid_record \(uuid) start \(path)")
    }

    public func stopRecording(path: String) async throws {
        try FreeSwitchArgument.check(path)
        try await client.api("uuid_record \(uuid) stop \(path)")
    }
}

/// API arguments are split on spaces by FreeSWITCH: refuse the ones that would split or inject.
enum FreeSwitchArgument {
    static func check(_ argument: String) throws {
        if argument.isEmpty || argument.contains(where: { $0.isWhitespace || $0.isNewline }) {
            throw ESLCommandError.invalidArgument(argument)
        }
    }
}
