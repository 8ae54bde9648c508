/// Parameters of answering-machine detection, named and defaulted as Asterisk's `amd.conf`
/// so operators can carry their tuning over unchanged (all durations in milliseconds).
///
/// ```swift
/// var amd = AMDConfiguration.asteriskDefaults
/// amd.maximumNumberOfWords = 3          // app_amd.c's built-in default, for chatty humans
/// let detector = AnsweringMachineDetector(amd)
/// ```
public struct AMDConfiguration: Sendable, Equatable {
    /// `initial_silence`: silence before any word longer than this → MACHINE (INITIALSILENCE).
    public var initialSilence: Int
    /// `greeting`: talk longer than this (total voiced time) → MACHINE (LONGGREETING).
    public var greeting: Int
    /// `after_greeting_silence`: silence this long after the first word → HUMAN.
    public var afterGreetingSilence: Int
    /// `total_analysis_time`: no decision by then → NOTSURE (TOOLONG).
    public var totalAnalysisTime: Int
    /// `min_word_length`: consecutive voice needed to count a word.
    public var minimumWordLength: Int
    /// `between_words_silence`: silence that separates two words.
    public var betweenWordsSilence: Int
    /// `maximum_number_of_words`: this many words → MACHINE (MAXWORDS).
    public var maximumNumberOfWords: Int
    /// `silence_threshold`: a frame whose mean |sample| is below this is silence.
    public var silenceThreshold: Int
    /// `maximum_word_length`: one word longer than this → MACHINE (MAXWORDLENGTH).
    public var maximumWordLength: Int

    public init(
        initialSilence: Int = 2_500,
        greeting: Int = 1_500,
        afterGreetingSilence: Int = 800,
        totalAnalysisTime: Int = 5_000,
        minimumWordLength: Int = 100,
        betweenWordsSilence: Int = 50,
        maximumNumberOfWords: Int = 2,
        silenceThreshold: Int = 256,
        maximumWordLength: Int = 5_000
    ) {
        self.initialSilence = initialSilence
        self.greeting = greeting
        self.afterGreetingSilence = afterGreetingSilence
        self.totalAnalysisTime = totalAnalysisTime
        self.minimumWordLength = minimumWordLength
        self.betweenWordsSilence = betweenWordsSilence
        self.maximumNumberOfWords = maximumNumberOfWords
        self.silenceThreshold = silenceThreshold
        self.maximumWordLength = maximumWordLength
    }

    /// The values of Asterisk's sample `amd.conf` (and of SPEC B6):
    /// 2500 / 1500 / 800 / 5000 / 100 / 50 / 2 words / 256 / 5000.
    public static let asteriskDefaults = AMDConfiguration()
}


/// `AMDCAUSE` keywords (Asterisk appends numbers, e.g. `MAXWORDS-2-2`; `AMDResult.causeText`
/// rebuilds that form).
public enum AMDCause: String, Sendable, Equatable {
    case initialSilence = "INITIALSILENCE"
    case longGreeting = "LONGGREETING"
    case maxWords = "MAXWORDS"
    case maxWordLength = "MAXWORDLENGTH"
    case human = "HUMAN"
    case tooLong = "TOOLONG"
}

/// The decision and when it was reached (ms of audio analysed, counted from the first frame).
public struct AMDResult: Sendable, Equatable {
    public let verdict: AMDVerdict
    public let cause: AMDCause
    public let atMs: Int
    /// The measurement that triggered the cause (silence, voice or word duration, word count
    /// or total time), as Asterisk prints it first in `AMDCAUSE`.
    public let measured: Int
    /// The configured limit it was compared with (0 where Asterisk prints none).
    public let limit: Int

    public init(verdict: AMDVerdict, cause: AMDCause, atMs: Int, measured: Int = 0, limit: Int = 0) {
        self.verdict = verdict
        self.cause = cause
        self.atMs = atMs
        self.measured = measured
        self.limit = limit
    }

    /// `AMDCAUSE` as Asterisk spells it: `HUMAN-800-800`, `MAXWORDLENGTH-5000`, `TOOLONG-5000`.
    public var causeText: String {
        switch cause {
        case .maxWordLength, .tooLong: "\(cause.rawValue)-\(measured)"
        default: "\(cause.rawValue)-\(measured)-\(limit)"
        }
    }
}
