import MiniBotAudio
import MiniBotTelephony

/// Where the call is in its life, as one value (the PostgresNIO state-machine style) instead of
/// the four flags it used to be (`started`, `dialogueStarted`, `pendingEnd`, `outcome`), so that
/// "ended but still waiting to end" or "ending before it started" cannot be written down.
///
/// ```
/// waiting ──start──▶ detecting ──verdict (or no AMD, or greeting during AMD)──▶ talking
/// talking ──hang-up/transfer asked──▶ ending(command) ──queued prompts played──▶ ended(outcome)
/// any ──AMD machine / caller hung up first──▶ ended(outcome)
/// ended(transfer) ──transferFailed──▶ ending(hang-up as callback)
/// ```
/// What stays data beside it: the prompt queue, the caller's speech (``CallController/Capture``,
/// the recognition in flight, a held barge-in: the caller may speak again while the recognizer
/// still works on the previous utterance, in any phase but `ended`), the silence and duration
/// deadlines, and the language-model job.
extension CallController {
    enum Phase: Sendable, Equatable {
        /// Before ``CallInput/start``: frames are not even counted as call audio.
        case waiting
        /// Answered; the dialogue waits for the answering-machine verdict
        /// (``CallControllerConfiguration/playsGreetingDuringDetection`` is off).
        case detecting
        /// The dialogue runs.
        case talking
        /// The dialogue asked for its last command (hang-up or transfer); it is emitted once the
        /// prompts queued before it have played. The dialogue still hears the caller meanwhile.
        case ending(CallCommand)
        /// The last command was emitted: every further input is ignored.
        case ended(CallOutcome)

        /// The dialogue was started (the engine has had `callAnswered`) and the call is not over.
        var dialogueRunning: Bool {
            switch self {
            case .talking, .ending: true
            case .waiting, .detecting, .ended: false
            }
        }

        /// The dialogue runs and has not asked to end: the caller's speech and DTMF are heard.
        var isListening: Bool { self == .talking }

        /// The last command waiting for the queued prompts, if any.
        var endingCommand: CallCommand? {
            if case .ending(let command) = self { command } else { nil }
        }
    }

    /// The answering-machine detector's life: off (inbound), listening to the first seconds, decided.
    enum Detection: Sendable {
        case off
        case listening(AnsweringMachineDetector)
        case decided(AMDResult)

        /// Feeds one frame to a listening detector; its verdict once it gives one. The enum lets go
        /// of the detector while it works (PostgresNIO's "modifying" step), so the detector is
        /// uniquely referenced and its buffers are mutated in place, not copied every frame.
        mutating func process(_ frame: [Int16]) -> AMDResult? {
            guard case .listening(var detector) = self else { return nil }
            self = .off
            let verdict = detector.process(frame)
            self = verdict.map(Detection.decided) ?? .listening(detector)
            return verdict
        }
    }

    /// How the call ended, once ``CallCommand/hangup(_:)`` or ``CallCommand/transfer(target:outcome:)`` was emitted.
    public var outcome: CallOutcome? {
        if case .ended(let outcome) = phase { outcome } else { nil }
    }

    /// The answering-machine verdict, once the detector gave one.
    public var amdResult: AMDResult? {
        if case .decided(let result) = detection { result } else { nil }
    }

    /// The dialogue asks to end with `command` once the queued prompts have played.
    mutating func requestEnd(_ command: CallCommand) {
        guard outcome == nil else { return }  // already ended: nothing can reopen the call but transferFailed
        phase = .ending(command)
    }
}
