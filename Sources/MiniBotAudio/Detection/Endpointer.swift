/// Tuning of `Endpointer`: how much speech opens an utterance and how much silence closes it.
///
/// The end-silence is the bot's reaction-time floor (the caller must be quiet that long before
/// the bot answers), so it is a trade-off between cutting a hesitating caller and sounding slow.
/// ```swift
/// let patient = EndpointerConfiguration(endSilenceMs: 900)   // e.g. for dictating an address
/// var endpointer = Endpointer(patient)
/// ```
public struct EndpointerConfiguration: Sendable, Equatable {
    /// Consecutive speech needed before `speechStarted` is reported (filters clicks, coughs).
    public var speechStartMs: Int
    /// Non-speech needed after the last speech frame before `speechEnded` is reported.
    public var endSilenceMs: Int
    /// Utterances shorter than this (from start to last speech) end silently with no
    /// `speechEnded` (a lone "hm" longer than `speechStartMs` but not worth a turn). 0 keeps all.
    public var minSpeechMs: Int
    /// The VAD used frame by frame.
    public var vad: VADConfiguration

    public init(speechStartMs: Int = 60, endSilenceMs: Int = 600, minSpeechMs: Int = 0, vad: VADConfiguration = .telephone) {
        self.speechStartMs = speechStartMs
        self.endSilenceMs = endSilenceMs
        self.minSpeechMs = minSpeechMs
        self.vad = vad
    }

    /// 60 ms to start, 600 ms to end: a natural turn-taking pace on the phone.
    public static let telephone = EndpointerConfiguration()
}

/// What the endpointer noticed on a frame. Times are milliseconds of audio since the
/// endpointer was created (sample count ÷ 8), never wall-clock time.
public enum EndpointEvent: Sendable, Equatable {
    /// The caller started talking; `atMs` is the start of the first speech frame.
    case speechStarted(atMs: Int)
    /// The caller stopped; `endMs` is the end of the last frame the VAD heard as speech
    /// (the event itself arrives `endSilenceMs` later).
    case speechEnded(startMs: Int, endMs: Int)
}

/// Turns per-frame VAD decisions into utterances: start after `speechStartMs` of speech, end
/// after `endSilenceMs` of silence. Pure and clock-free: time is counted in samples.
///
/// ```swift
/// var endpointer = Endpointer()
/// for frame in frames {
///     switch endpointer.process(frame) {
///     case .speechStarted?: stopPrompt()                      // barge-in
///     case let .speechEnded(start, end)?: transcribe(start, end)
///     case nil: break
///     }
/// }
/// ```
public struct Endpointer: Sendable {
    public let configuration: EndpointerConfiguration
    private var vad: VoiceActivityDetector
    private var samplesSeen = 0
    /// Start (in samples) of the current run of speech frames, while not yet started.
    private var candidateStart: Int?
    private var utteranceStart: Int?
    /// End (in samples) of the last raw speech frame of the current utterance.
    private var lastSpeechEnd = 0

    public init(_ configuration: EndpointerConfiguration = .telephone) {
        self.configuration = configuration
        vad = VoiceActivityDetector(configuration.vad)
    }

    /// True between `speechStarted` and `speechEnded`.
    public var isInSpeech: Bool { utteranceStart != nil }

    /// Milliseconds of audio processed so far.
    public var elapsedMs: Int { Self.milliseconds(samplesSeen) }

    /// Feeds one frame (any length; 160 samples normally). Empty frames are ignored.
    public mutating func process(_ frame: [Int16]) -> EndpointEvent? {
        guard !frame.isEmpty else { return nil }
        return process(level: FrameLevel(frame))
    }

    /// Same as `process(_:)` for a level already measured.
    public mutating func process(level: FrameLevel) -> EndpointEvent? {
        guard level.sampleCount > 0 else { return nil }
        let frameStart = samplesSeen
        samplesSeen += level.sampleCount
        _ = vad.isSpeech(level: level)
        let speech = vad.lastFrameWasRawSpeech

        if let start = utteranceStart {
            if speech {
                lastSpeechEnd = samplesSeen
                return nil
            }
            let silence = Self.milliseconds(samplesSeen - lastSpeechEnd)
            guard silence >= configuration.endSilenceMs else { return nil }
            utteranceStart = nil
            candidateStart = nil
            let duration = Self.milliseconds(lastSpeechEnd - start)
            guard duration >= configuration.minSpeechMs else { return nil }
            return .speechEnded(startMs: Self.milliseconds(start), endMs: Self.milliseconds(lastSpeechEnd))
        }

        guard speech else {
            candidateStart = nil
            return nil
        }
        let start = candidateStart ?? frameStart
        candidateStart = start
        guard Self.milliseconds(samplesSeen - start) >= configuration.speechStartMs else { return nil }
        utteranceStart = start
        lastSpeechEnd = samplesSeen
        return .speechStarted(atMs: Self.milliseconds(start))
    }

    private static func milliseconds(_ samples: Int) -> Int {
        samples * 1_000 / TelephoneAudio.sampleRate
    }
}
