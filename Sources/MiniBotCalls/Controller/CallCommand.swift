import MiniBotAudio
import MiniBotDialogue
import MiniBotLanguage

/// What the call runner must do, in order, after one ``CallInput``.
///
/// The runner executes these against the PBX session, the recognizer, the recorder and the
/// report; it never decides anything itself.
/// ```swift
/// for command in controller.handle(.inboundFrame(frame)) {
///     if case .stopPlayback = command { await session.stop() }
/// }
/// ```
public enum CallCommand: Sendable, Equatable {
    /// Queue a prompt behind anything already queued.
    case play(PromptRequest)
    /// Barge-in (or AMD machine): drop everything queued, now. `atFrame` is the inbound frame index.
    case stopPlayback(atFrame: Int)
    /// Open a recognition session for a new utterance.
    case startRecognition(utterance: Int)
    /// Audio of the open utterance (pre-roll first, then every frame until the endpoint).
    case feedRecognition([Int16], utterance: Int)
    /// The endpointer closed the utterance: ask for the final text.
    case finishRecognition(utterance: Int)
    /// Forget an utterance whose result is no longer wanted (call ended, timeout).
    case cancelRecognition(utterance: Int)
    /// Hang up (if still connected) and record `outcome`. Last command of a call.
    case hangup(CallOutcome)
    /// Hand the call to `target`; the bot's part ends with `outcome`.
    case transfer(target: String, outcome: CallOutcome)
    /// A caller or bot turn for the transcript.
    case recordTurn(Turn)
    /// Put the contact on the do-not-call list.
    case markOptOut
    case setVariable(name: String, value: String)
    /// The answering-machine detector decided.
    case amdVerdict(AMDResult)
    /// A barge-in happened: the caller's speech started at `speechStartFrame`, the prompt was
    /// stopped at `stoppedAtFrame` (the same frame as the VAD's decision).
    case bargeIn(promptID: String, speechStartFrame: Int, stoppedAtFrame: Int)
    /// The endpointer closed an utterance at this inbound frame (start of the reaction time).
    case endpoint(atFrame: Int)
    /// Ask the language model (answers come back as ``CallInput/languageModel(_:)``).
    case generate(LanguageModelJob)
    /// The answer of this job is no longer wanted: cancel the request.
    case cancelGeneration(job: Int)
    /// Why something happened (dialogue traces, ignored events); for debug logs.
    case trace(String)
}

/// A prompt to play: a scenario step, an answer or a sentence, resolved to audio by the
/// runner's ``PromptLibrary`` (pre-recorded file first, else text to speech).
///
/// `playbackID` is unique within the call and comes back in the playback report.
/// ```swift
/// PromptRequest(playbackID: "p3", kind: .step("Q1"), text: "Avez-vous…", audioFile: "julie/base/q1.wav", voice: "julie", bargeIn: true)
/// ```
public struct PromptRequest: Sendable, Equatable, Hashable {
    public enum Kind: Sendable, Equatable, Hashable {
        case step(String)
        case answer
        case railReturn
        case builtin(String)
    }

    public var playbackID: String
    public var kind: Kind
    public var text: String
    /// Relative to the sounds root (steps) or the voice's `objections/` folder (answers).
    public var audioFile: String?
    public var voice: String?
    public var bargeIn: Bool

    public init(playbackID: String, kind: Kind, text: String, audioFile: String?, voice: String?, bargeIn: Bool) {
        self.playbackID = playbackID
        self.kind = kind
        self.text = text
        self.audioFile = audioFile
        self.voice = voice
        self.bargeIn = bargeIn
    }
}

