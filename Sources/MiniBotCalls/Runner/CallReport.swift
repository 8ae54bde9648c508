import MiniBotDialogue
import MiniBotLanguage

/// Everything one call produced, returned by ``CallRunner/run(_:)`` for the call record,
/// metrics and the transcript file.
///
/// Times are milliseconds since the call started on the caller's frame timeline, except
/// ``reactionTimesMs`` which are wall-clock (endpoint → next prompt handed to the PBX).
/// ```swift
/// let report = await runner.run(session)
/// print(report.result, report.score, report.turns.count, report.recording?.wav ?? "-")
/// ```
public struct CallReport: Sendable, Equatable, Codable {
    public var callID: CallID
    public var result: CallResult
    /// The scenario's own word for the end ("completed", …) when it is not a `CallResult`.
    public var label: String?
    public var reason: String
    public var score: Double
    public var endStepID: String?
    public var transferTarget: String?
    public var optedOut: Bool
    public var durationMs: Int
    public var turns: [Turn]
    /// Our detector's verdict, and its cause as Asterisk writes `AMDCAUSE` (`LONGGREETING-1500-1500`).
    public var amdVerdict: AMDVerdict?
    public var amdCause: String?
    public var sentiment: Sentiment
    public var bargeInCount: Int
    public var reactionTimesMs: [Double]
    /// Wall-clock time from the end of each caller utterance to the recognizer's final text.
    public var recognitionTimesMs: [Double] = []
    /// Wall-clock time the controller took to understand each utterance (NLU + dialogue step).
    public var understandingTimesMs: [Double] = []
    public var variables: [String: String]
    /// Turns that used or could have used the language model: which path answered and how fast (nil: none).
    public var languageModel: [LanguageModelUse]?
    /// When a `callback` caller asked to be called again, as the NLU read it (resolved by the dialer).
    public var callbackTime: CallbackTime?
    public var recording: RecordingPaths?
    /// Recognizer label of the call's utterances ("simulated" marks a demo transcript).
    public var engine: String

    public init(callID: CallID, result: CallResult, label: String? = nil, reason: String, score: Double,
                endStepID: String? = nil, transferTarget: String? = nil, optedOut: Bool = false, durationMs: Int,
                turns: [Turn] = [], amdVerdict: AMDVerdict? = nil, amdCause: String? = nil, sentiment: Sentiment = .neutral,
                bargeInCount: Int = 0, reactionTimesMs: [Double] = [], variables: [String: String] = [:],
                recording: RecordingPaths? = nil, engine: String) {
        self.callID = callID
        self.result = result
        self.label = label
        self.reason = reason
        self.score = score
        self.endStepID = endStepID
        self.transferTarget = transferTarget
        self.optedOut = optedOut
        self.durationMs = durationMs
        self.turns = turns
        self.amdVerdict = amdVerdict
        self.amdCause = amdCause
        self.sentiment = sentiment
        self.bargeInCount = bargeInCount
        self.reactionTimesMs = reactionTimesMs
        self.variables = variables
        self.recording = recording
        self.engine = engine
    }

    enum CodingKeys: String, CodingKey {
        case callID = "call_id", result, label, reason, score, endStepID = "end_step", transferTarget = "transfer_target"
        case optedOut = "opted_out", durationMs = "duration_ms", turns, amdVerdict = "amd_verdict", amdCause = "amd_cause"
        case sentiment, bargeInCount = "barge_ins", reactionTimesMs = "reaction_times_ms", variables, recording, engine
        case languageModel = "language_model"
        case callbackTime = "callback_time"
    }
}

/// Files written for one call (SPEC B9).
public struct RecordingPaths: Sendable, Equatable, Codable {
    /// Stereo WAV: caller left, bot right.
    public var wav: String
    /// Machine-readable transcript and outcome.
    public var json: String
    /// Human-readable transcript.
    public var text: String

    public init(wav: String, json: String, text: String) {
        self.wav = wav
        self.json = json
        self.text = text
    }
}
