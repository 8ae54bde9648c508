import MiniBotAudio
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

/// The real-time brain of one call as a pure state machine: caller frames, DTMF, playback
/// reports and recognizer results in; play / stop / recognise / hang-up commands out.
///
/// Why pure: barge-in, silence timeouts and AMD are timing rules, and timing bugs are only
/// fixable when tests can replay them exactly. Time here is the count of inbound 20 ms frames
/// (the caller's RTP clock), never the wall clock, so a test feeds 150 frames of silence
/// instead of sleeping 3 s. It owns the ``DialogueEngine`` and the NLU and performs the
/// engine's actions itself (prompts in order, `hangUp`/`transfer` after queued prompts end,
/// silence counted from the end of the last prompt).
/// ```swift
/// var controller = CallController(scenario: scenario, nlu: try NLUPipeline())
/// var commands = controller.handle(.start)              // [.play(hello), …]
/// commands = controller.handle(.inboundFrame(frame))     // maybe [.stopPlayback, .startRecognition(0), …]
/// ```
public struct CallController: Sendable {
    public let configuration: CallControllerConfiguration
    public internal(set) var engine: DialogueEngine
    let nlu: NLUPipeline
    let themes: [String]

    /// Inbound frames seen so far; frame `n` covers `n*20 ..< (n+1)*20` ms of the call.
    public internal(set) var frameIndex = 0
    /// How the call ended, once ``CallCommand/hangup(_:)`` or ``CallCommand/transfer(target:outcome:)`` was emitted.
    public internal(set) var outcome: CallOutcome?
    public internal(set) var amdResult: AMDResult?
    public internal(set) var bargeInCount = 0
    /// Sentiment of each caller utterance, for the per-call sentiment.
    public internal(set) var sentiments: [SentimentScore] = []

    var endpointer: Endpointer
    var amd: AnsweringMachineDetector?
    var dtmfDetector: DTMFDetector?
    var preRoll: PreRollBuffer
    var queue: [PromptRequest] = []
    /// Inbound frame at which the head of `queue` started (or will start) playing.
    var headStartFrame = 0
    var pendingEnd: CallCommand?
    var listenFrames: Int
    var silenceDeadline: Int?
    var capture: Capture?
    var pending: PendingRecognition?
    /// Caller speech over a prompt, waiting for words before it interrupts (``CallControllerConfiguration/bargeInRequiresWords``).
    var heldBargeIn: HeldBargeIn?
    var nextUtterance = 0
    var nextPlayback = 0
    var started = false
    var dialogueStarted = false
    var maxDurationFrames: Int?
    var maxDurationSent = false
    /// The language-model job in flight and the turns that used (or could have used) the model.
    var languageModel = LanguageModelState()

    enum Capture: Sendable, Equatable {
        case recognizing(utterance: Int, startFrame: Int)
        case ignored
    }

    struct PendingRecognition: Sendable, Equatable {
        var utterance: Int
        var startMs: Int
        var endMs: Int
        var deadline: Int
    }

    public init(scenario: Scenario, nlu: NLUPipeline, contact: [String: String] = [:],
                configuration: CallControllerConfiguration = CallControllerConfiguration(),
                indexSource: any IndexSource = SequentialIndexSource()) {
        self.configuration = configuration
        self.nlu = nlu
        self.themes = scenario.objectionThemes
        self.engine = DialogueEngine(scenario: scenario, matcher: nlu.matcher, contact: contact,
                                     configuration: configuration.dialogue, indexSource: indexSource)
        self.endpointer = Endpointer(configuration.endpointer)
        self.preRoll = PreRollBuffer(capacity: CallControllerConfiguration.frames(ms: configuration.preRollMs))
        self.dtmfDetector = configuration.detectsInBandDTMF ? DTMFDetector() : nil
        self.listenFrames = CallControllerConfiguration.frames(seconds: configuration.dialogue.defaultTimeout)
        let cap = scenario.metadata.maxCallDuration ?? configuration.defaultMaxCallDuration
        self.maxDurationFrames = cap.map { CallControllerConfiguration.frames(seconds: $0) }
    }

    /// True once the call's last command (hang-up or transfer) was emitted.
    public var isFinished: Bool { outcome != nil }

    /// The prompt playing now (head of the queue), if any.
    public var playingPrompt: PromptRequest? { queue.first }

    /// The call's overall sentiment from its utterances (neutral when nobody spoke).
    public var callSentiment: Sentiment {
        nlu.sentimentAnalyzer.aggregate(sentiments).sentiment
    }

    /// Feeds one input; returns the commands to execute, in order.
    public mutating func handle(_ input: CallInput) -> [CallCommand] {
        if case .inboundFrame = input { frameIndex += 1 }
        guard outcome == nil else { return [] }
        var out: [CallCommand] = []
        switch input {
        case .start:
            guard !started else { return [.trace("start received twice; ignored")] }
            started = true
            if let amdConfiguration = configuration.answeringMachineDetection {
                amd = AnsweringMachineDetector(amdConfiguration)
                if configuration.playsGreetingDuringDetection { startDialogue(into: &out) }
            } else {
                startDialogue(into: &out)
            }
        case .inboundFrame(let frame):
            guard started else { return [] }
            processFrame(frame, number: frameIndex - 1, into: &out)
        case .dtmf(let digit):
            handleDTMF(digit, into: &out)
        case .playbackFinished(let report):
            handlePlaybackFinished(report, into: &out)
        case .recognized(let result, let utterance):
            handleRecognized(result, utterance: utterance, into: &out)
        case .partialRecognized(let result, let utterance):
            handlePartial(result, utterance: utterance, into: &out)
        case .recognitionFailed(let reason, let utterance):
            guard let waiting = pending, waiting.utterance == utterance else {
                return [.trace("stale recognition failure for utterance \(utterance) ignored")]
            }
            pending = nil
            out.append(.trace("recognition failed for utterance \(utterance): \(reason)"))
            dialogue(.recognitionFailed, into: &out)
        case .remoteHangup:
            handleRemoteHangup(into: &out)
        case .languageModel(let event):
            handleLanguageModel(event, into: &out)
        }
        return out
    }

    mutating func startDialogue(into out: inout [CallCommand]) {
        guard !dialogueStarted else { return }
        dialogueStarted = true
        dialogue(.callAnswered, into: &out)
    }

    /// One 20 ms caller frame: AMD, in-band DTMF, endpointing, timeouts.
    mutating func processFrame(_ frame: [Int16], number: Int, into out: inout [CallCommand]) {
        // Detectors are mutated in place (`amd?.…`): copying one out and back would copy its
        // buffers on every frame.
        if amd != nil, amd?.result == nil {
            if let verdict = amd?.process(frame) {
                amdResult = verdict
                out.append(.amdVerdict(verdict))
                if verdict.verdict == .machine {
                    stopPlayback(at: number, into: &out)
                    let outcome = CallOutcome(result: .answeringMachine, score: 0, stepID: engine.state.currentStepID,
                                              label: nil, reason: "answering machine detected (\(verdict.causeText))")
                    end(.hangup(outcome), into: &out)
                    return
                }
                startDialogue(into: &out)
            }
        }
        if dtmfDetector != nil {
            if let event = dtmfDetector?.process(frame) { handleDTMF(event.digit, into: &out) }
            guard outcome == nil else { return }
        }
        processSpeech(frame, number: number, into: &out)
        guard outcome == nil else { return }
        checkTimeouts(frame: number, into: &out)
    }

    mutating func checkTimeouts(frame number: Int, into out: inout [CallCommand]) {
        if let waiting = pending, number >= waiting.deadline {
            pending = nil
            out.append(.cancelRecognition(utterance: waiting.utterance))
            out.append(.trace("recognition of utterance \(waiting.utterance) timed out"))
            dialogue(.recognitionFailed, into: &out)
        }
        if let limit = maxDurationFrames, number >= limit, !maxDurationSent, dialogueStarted, outcome == nil {
            maxDurationSent = true
            dialogue(.maxDurationReached, into: &out)
        }
        if capture == nil, pending == nil, queue.isEmpty, pendingEnd == nil, outcome == nil,
           let deadline = silenceDeadline, number >= deadline {
            silenceDeadline = nil
            dialogue(.silenceTimeout, into: &out)
        }
    }

    mutating func handleDTMF(_ digit: Character, into out: inout [CallCommand]) {
        guard dialogueStarted, outcome == nil, pendingEnd == nil else {
            out.append(.trace("DTMF \(digit) ignored (dialogue not running)"))
            return
        }
        if let head = queue.first, head.bargeIn { stopPlayback(at: max(0, frameIndex - 1), into: &out) }
        silenceDeadline = nil
        dialogue(.dtmf(digit), into: &out)
    }

    mutating func handleRemoteHangup(into out: inout [CallCommand]) {
        cancelSpeech(into: &out)
        if let pendingEnd {
            end(pendingEnd, into: &out)
            return
        }
        guard dialogueStarted else {
            let outcome = CallOutcome(result: .noAnswer, score: 0, reason: "caller hung up before the dialogue started")
            end(.hangup(outcome), into: &out)
            return
        }
        dialogue(.callerHungUp, into: &out)
        if let pendingEnd { end(pendingEnd, into: &out) }
    }

    /// Drops the queue (barge-in, AMD machine) and closes the interrupted prompt's bot turn.
    mutating func stopPlayback(at frame: Int, into out: inout [CallCommand]) {
        guard let head = queue.first else { return }
        out.append(.stopPlayback(atFrame: frame))
        out.append(.recordTurn(Turn(speaker: .bot, text: head.text, startMs: headStartFrame * 20, endMs: frame * 20,
                                    engine: "interrupted")))
        queue.removeAll()
    }

    mutating func cancelSpeech(into out: inout [CallCommand]) {
        if case .recognizing(let utterance, _) = capture { out.append(.cancelRecognition(utterance: utterance)) }
        if let waiting = pending { out.append(.cancelRecognition(utterance: waiting.utterance)) }
        capture = nil
        pending = nil
    }

    /// Emits the call's last command.
    mutating func end(_ command: CallCommand, into out: inout [CallCommand]) {
        cancelSpeech(into: &out)
        switch command {
        case .hangup(let outcome), .transfer(_, let outcome): self.outcome = outcome
        default: return
        }
        pendingEnd = nil
        out.append(command)
    }
}
