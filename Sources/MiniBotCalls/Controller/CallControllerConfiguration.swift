import MiniBotAudio
import MiniBotDialogue

/// Real-time settings of one call that are not in the scenario: barge-in grace, AMD, VAD,
/// pre-roll and recognizer deadline, all counted in 20 ms frames of caller audio.
///
/// ```swift
/// var configuration = CallControllerConfiguration()
/// configuration.bargeInGraceMs = 1_000          // SPEC B5 default is 3 s
/// configuration.answeringMachineDetection = .asteriskDefaults   // outbound calls
/// ```
public struct CallControllerConfiguration: Sendable {
    /// A prompt must have played this long before caller speech may interrupt it (SPEC B5).
    public var bargeInGraceMs: Int
    /// `nil` = no AMD (inbound calls). Otherwise the detector runs on the first seconds.
    public var answeringMachineDetection: AMDConfiguration?
    /// With AMD on: `true` plays the first step at once (no dead air; a MACHINE verdict cuts it),
    /// `false` waits for HUMAN/NOTSURE before starting the dialogue.
    public var playsGreetingDuringDetection: Bool
    public var endpointer: EndpointerConfiguration
    /// Caller audio kept before the VAD's speech start and sent to the recognizer first,
    /// so the first syllable is not lost.
    public var preRollMs: Int
    /// A recognizer that has not answered this long after the endpoint counts as failed.
    public var recognitionTimeoutMs: Int
    /// Detect DTMF tones in the caller audio (for PBX legs that do not report DTMF).
    public var detectsInBandDTMF: Bool
    /// Hard cap when the scenario sets no `max_call_duration` (seconds); `nil` = none.
    public var defaultMaxCallDuration: Double?
    /// Barge-in allowed for answers and built-in sentences when the scenario says nothing.
    public var defaultBargeIn: Bool
    /// `true`: caller sound over a prompt interrupts it only once the recognizer hears words (a
    /// streaming engine's first partial, or a non-empty final text), so a cough or a door does
    /// not cut the bot off. `false` (default): the VAD's speech start interrupts at once.
    public var bargeInRequiresWords = false
    public var dialogue: DialogueConfiguration
    /// `nil`: no language model (rules only). Freestyle answers also need `dialogue.languageModelAvailable`.
    public var languageModel: LanguageModelSettings?

    public init(bargeInGraceMs: Int = 3_000, answeringMachineDetection: AMDConfiguration? = nil,
                playsGreetingDuringDetection: Bool = true, endpointer: EndpointerConfiguration = .telephone,
                preRollMs: Int = 200, recognitionTimeoutMs: Int = 10_000, detectsInBandDTMF: Bool = true,
                defaultMaxCallDuration: Double? = 600, defaultBargeIn: Bool = true,
                dialogue: DialogueConfiguration = DialogueConfiguration()) {
        self.bargeInGraceMs = bargeInGraceMs
        self.answeringMachineDetection = answeringMachineDetection
        self.playsGreetingDuringDetection = playsGreetingDuringDetection
        self.endpointer = endpointer
        self.preRollMs = preRollMs
        self.recognitionTimeoutMs = recognitionTimeoutMs
        self.detectsInBandDTMF = detectsInBandDTMF
        self.defaultMaxCallDuration = defaultMaxCallDuration
        self.defaultBargeIn = defaultBargeIn
        self.dialogue = dialogue
    }

    /// Milliseconds → whole 20 ms frames (rounded up, at least 1 for a positive duration).
    static func frames(ms: Int) -> Int { ms <= 0 ? 0 : (ms + 19) / 20 }
    static func frames(seconds: Double) -> Int {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return Int((seconds * 50).rounded(.up))
    }
}
