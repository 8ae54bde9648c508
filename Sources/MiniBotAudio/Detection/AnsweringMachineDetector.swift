/// In-process answering-machine detection that decides exactly as Asterisk's `AMD()`
/// application (`apps/app_amd.c`), so a campaign tuned on Asterisk behaves the same on any PBX.
///
/// The algorithm, frame by frame after the call is answered:
/// - a frame is *silence* when its mean |sample| is below `silenceThreshold` (Asterisk's DSP
///   silence detector); silence accumulates across frames, voice resets it;
/// - silence ≥ `betweenWordsSilence` puts the state "in silence" and clears the current word;
///   consecutive voice ≥ `minimumWordLength` coming from silence counts a word;
/// - checks, in Asterisk's order. On silence: INITIALSILENCE (no word yet and silence ≥
///   `initialSilence`), then HUMAN (after the first word, silence ≥ `afterGreetingSilence`).
///   On voice: MAXWORDLENGTH, MAXWORDS, LONGGREETING (voiced time ≥ `greeting`).
///   Before all of them, total time ≥ `totalAnalysisTime` → NOTSURE (TOOLONG).
///
/// ```swift
/// var amd = AnsweringMachineDetector()
/// for frame in frames {
///     if let result = amd.process(frame) {       // returned once
///         result.verdict == .machine ? hangUpOrLeaveMessage() : startDialogue()
///         break
///     }
/// }
/// ```
/// Frames of any length are accepted (durations come from the sample count, 8 samples per
/// ms); empty frames are ignored. After the decision, `process` returns nil and `result` keeps it.
public struct AnsweringMachineDetector: Sendable {
    public let configuration: AMDConfiguration
    /// The decision once reached.
    public private(set) var result: AMDResult?

    private var samplesSeen = 0
    private var totalTime = 0
    /// Asterisk's DSP `totalsilence`: ms of consecutive silent frames.
    private var dspSilence = 0
    private var silenceDuration = 0
    private var voiceDuration = 0
    private var consecutiveVoiceDuration = 0
    private var wordsCount = 0
    private var inInitialSilence = true
    private var inGreeting = false
    /// Asterisk starts in the "word" state: a first word needs silence before it to count.
    private var inWord = true

    public init(_ configuration: AMDConfiguration = .asteriskDefaults) {
        self.configuration = configuration
    }

    /// Words counted so far (diagnostics, tests).
    public var wordCount: Int { wordsCount }

    /// Feeds one frame of 8 kHz audio; returns the result on the frame that decides, else nil.
    public mutating func process(_ frame: [Int16]) -> AMDResult? {
        guard !frame.isEmpty else { return nil }
        return process(level: FrameLevel(frame))
    }

    /// Same as `process(_:)` for a level already measured (lets a chain measure once).
    public mutating func process(level: FrameLevel) -> AMDResult? {
        guard result == nil, level.sampleCount > 0 else { return nil }
        let samplesPerMs = TelephoneAudio.sampleRate / 1_000
        let frameLength = (samplesSeen + level.sampleCount) / samplesPerMs - samplesSeen / samplesPerMs
        samplesSeen += level.sampleCount
        let config = configuration

        totalTime += frameLength
        if totalTime >= config.totalAnalysisTime {
            return decide(.notSure, .tooLong, measured: totalTime)
        }

        if level.meanAbsolute < config.silenceThreshold {
            dspSilence += frameLength
        } else {
            dspSilence = 0
        }

        if dspSilence > 0 {
            silenceDuration = dspSilence
            if silenceDuration >= config.betweenWordsSilence {
                inWord = false
                consecutiveVoiceDuration = 0
            }
            if inInitialSilence, silenceDuration >= config.initialSilence {
                return decide(.machine, .initialSilence, measured: silenceDuration, limit: config.initialSilence)
            }
            if inGreeting, silenceDuration >= config.afterGreetingSilence {
                return decide(.human, .human, measured: silenceDuration, limit: config.afterGreetingSilence)
            }
            return nil
        }

        consecutiveVoiceDuration += frameLength
        voiceDuration += frameLength
        if consecutiveVoiceDuration >= config.minimumWordLength, !inWord {
            wordsCount += 1
            inWord = true
        }
        if consecutiveVoiceDuration >= config.maximumWordLength {
            return decide(.machine, .maxWordLength, measured: consecutiveVoiceDuration)
        }
        if wordsCount >= config.maximumNumberOfWords {
            return decide(.machine, .maxWords, measured: wordsCount, limit: config.maximumNumberOfWords)
        }
        if inGreeting, voiceDuration >= config.greeting {
            return decide(.machine, .longGreeting, measured: voiceDuration, limit: config.greeting)
        }
        if voiceDuration >= config.minimumWordLength {
            silenceDuration = 0
        }
        if consecutiveVoiceDuration >= config.minimumWordLength, !inGreeting {
            inInitialSilence = false
            inGreeting = true
        }
        return nil
    }

    /// Milliseconds of audio analysed so far.
    public var elapsedMs: Int { totalTime }

    private mutating func decide(_ verdict: AMDVerdict, _ cause: AMDCause, measured: Int, limit: Int = 0) -> AMDResult {
        let decided = AMDResult(verdict: verdict, cause: cause, atMs: totalTime, measured: measured, limit: limit)
        result = decided
        return decided
    }
}
