import MiniBotSpeech
import MiniBotTelephony

/// Everything that can happen to a call, as the pure ``CallController`` sees it.
///
/// Time is not an input of its own: every ``inboundFrame(_:)`` is 20 ms of call time, so the
/// controller's clock is the count of caller frames and every test is deterministic.
/// ```swift
/// var controller = CallController(scenario: scenario, nlu: nlu)
/// controller.handle(.start)                       // → play the first step
/// controller.handle(.inboundFrame(samples))       // → maybe stopPlayback (barge-in), feedRecognition …
/// ```
public enum CallInput: Sendable, Equatable {
    /// The call is connected: start AMD (outbound) or the dialogue at once.
    case start
    /// 20 ms of caller audio, 8 kHz mono PCM16 (160 samples).
    case inboundFrame([Int16])
    /// A DTMF digit reported by the PBX (in-band tones are detected from the frames).
    case dtmf(Character)
    /// A prompt this controller asked for ended (played out, stopped or cut).
    case playbackFinished(PlaybackReport)
    /// The recognizer's final text for utterance `utterance` (the id given by ``CallCommand/startRecognition(utterance:)``).
    case recognized(RecognitionResult, utterance: Int)
    /// A streaming recognizer's interim text for utterance `utterance` (Deepgram, vosk-server):
    /// it confirms a barge-in held by ``CallControllerConfiguration/bargeInRequiresWords``.
    case partialRecognized(RecognitionResult, utterance: Int)
    /// The recognizer failed or timed out for utterance `utterance`.
    case recognitionFailed(RecognitionFailure, utterance: Int)
    /// The caller (or the PBX) hung up.
    case remoteHangup
    /// The language model's progress on a job the controller asked for (``CallCommand/generate(_:)``).
    case languageModel(LanguageModelEvent)
}
