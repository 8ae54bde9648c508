import Testing
@testable import MiniBotAudio

/// Asterisk `app_amd` semantics on synthetic signals whose timing is known to the sample:
/// a "word" is a square wave (mean |x| = 2000, far above the 256 threshold), silence is zeros.
struct AMDStateMachineTests {
    static func word(ms: Int) -> [Int16] { Synth.square(amplitude: 2_000, ms: ms) }

    static func run(_ audio: [Int16], _ configuration: AMDConfiguration = .asteriskDefaults, frame: Int = 160) -> (AMDResult?, Int) {
        var detector = AnsweringMachineDetector(configuration)
        var decisions = 0
        var first: AMDResult?
        var start = 0
        while start < audio.count {
            let end = min(start + frame, audio.count)
            if let result = detector.process(Array(audio[start..<end])) {
                decisions += 1
                if first == nil { first = result }
            }
            start = end
        }
        #expect(detector.result == first)
        return (first, decisions)
    }

    @Test("defaults are amd.conf's")
    func defaults() {
        let c = AMDConfiguration.asteriskDefaults
        #expect([c.initialSilence, c.greeting, c.afterGreetingSilence, c.totalAnalysisTime, c.minimumWordLength,
                 c.betweenWordsSilence, c.maximumNumberOfWords, c.silenceThreshold, c.maximumWordLength]
                == [2_500, 1_500, 800, 5_000, 100, 50, 2, 256, 5_000])
    }

    @Test("2.5 s of silence → MACHINE INITIALSILENCE at 2500 ms, reported once")
    func initialSilence() throws {
        let (result, decisions) = Self.run(Signal.silence(ms: 4_000))
        let decided = try #require(result)
        #expect(decided == AMDResult(verdict: .machine, cause: .initialSilence, atMs: 2_500, measured: 2_500, limit: 2_500))
        #expect(decided.causeText == "INITIALSILENCE-2500-2500")
        #expect(decisions == 1)
    }

    @Test("quiet noise under the threshold is silence; all-zero audio too")
    func quietNoiseIsSilence() throws {
        var noise = SeededNoise(seed: 1)
        let (result, _) = Self.run(noise.samples(count: 3_000 * 8, rms: 150))   // mean |x| ≈ 120
        #expect(result?.cause == .initialSilence)
    }

    @Test("one word then silence → HUMAN after_greeting_silence after the word")
    func human() throws {
        let (result, _) = Self.run(Signal.silence(ms: 500) + Self.word(ms: 400) + Signal.silence(ms: 2_000))
        let decided = try #require(result)
        #expect(decided.verdict == .human && decided.cause == .human)
        #expect(decided.atMs == 500 + 400 + 800)
        #expect(decided.causeText == "HUMAN-800-800")
    }

    @Test("two words separated by ≥ 50 ms of silence → MACHINE MAXWORDS when the 2nd reaches 100 ms")
    func maxWords() throws {
        let audio = Signal.silence(ms: 300) + Self.word(ms: 200) + Signal.silence(ms: 200) + Self.word(ms: 300) + Signal.silence(ms: 1_000)
        let decided = try #require(Self.run(audio).0)
        #expect(decided.cause == .maxWords && decided.verdict == .machine)
        #expect(decided.atMs == 300 + 200 + 200 + 100)
        #expect(decided.causeText == "MAXWORDS-2-2")
    }

    @Test("gaps under between_words_silence (40 ms) do not split a word")
    func shortGapsKeepOneWord() throws {
        var audio = Signal.silence(ms: 300)
        for _ in 0..<4 { audio += Self.word(ms: 200) + Signal.silence(ms: 40) }
        audio += Signal.silence(ms: 1_200)
        let decided = try #require(Self.run(audio).0)
        // 800 ms of voice in one "word" (< greeting 1500): a human.
        #expect(decided.cause == .human)
    }

    @Test("continuous voice ≥ greeting → MACHINE LONGGREETING when voiced time reaches 1500 ms")
    func longGreeting() throws {
        var config = AMDConfiguration.asteriskDefaults
        config.maximumNumberOfWords = 10
        let decided = try #require(Self.run(Signal.silence(ms: 200) + Self.word(ms: 3_000), config).0)
        #expect(decided.cause == .longGreeting)
        #expect(decided.atMs == 200 + 1_500)
        #expect(decided.causeText == "LONGGREETING-1500-1500")
    }

    @Test("one very long word → MACHINE MAXWORDLENGTH, checked before LONGGREETING")
    func maxWordLength() throws {
        var config = AMDConfiguration.asteriskDefaults
        config.maximumWordLength = 1_000
        config.greeting = 1_000
        let decided = try #require(Self.run(Signal.silence(ms: 200) + Self.word(ms: 3_000), config).0)
        #expect(decided.cause == .maxWordLength)
        #expect(decided.atMs == 1_200)
        #expect(decided.causeText == "MAXWORDLENGTH-1000")
    }

    @Test("no decision by total_analysis_time → NOTSURE TOOLONG")
    func tooLong() throws {
        var config = AMDConfiguration.asteriskDefaults
        config.maximumNumberOfWords = 100
        config.greeting = 100_000
        config.afterGreetingSilence = 2_000
        var audio: [Int16] = []
        for _ in 0..<20 { audio += Signal.silence(ms: 300) + Self.word(ms: 200) }
        let decided = try #require(Self.run(audio, config).0)
        #expect(decided.verdict == .notSure && decided.cause == .tooLong)
        #expect(decided.atMs == 5_000)
        #expect(decided.causeText == "TOOLONG-5000")
    }

    @Test("speech from the very first frame: Asterisk starts 'in word', so that word is not counted")
    func speechAtStart() throws {
        let audio = Self.word(ms: 300) + Signal.silence(ms: 100) + Self.word(ms: 300) + Signal.silence(ms: 1_500)
        var detector = AnsweringMachineDetector()
        var result: AMDResult?
        for frame in Signal.frames(audio) where result == nil { result = detector.process(frame) }
        #expect(detector.wordCount == 1)
        #expect(result?.cause == .human)
    }

    @Test("frames of 80, 161 and 7 samples decide the same as 160-sample frames", arguments: [80, 161, 7])
    func oddFrames(size: Int) throws {
        let audio = Signal.silence(ms: 500) + Self.word(ms: 400) + Signal.silence(ms: 2_000)
        let reference = try #require(Self.run(audio).0)
        let other = try #require(Self.run(audio, frame: size).0)
        #expect(other.verdict == reference.verdict && other.cause == reference.cause)
        #expect(abs(other.atMs - reference.atMs) <= 20)
    }

    @Test("clipped full-scale audio is voice; empty frames change nothing")
    func clippingAndEmpty() throws {
        var detector = AnsweringMachineDetector()
        #expect(detector.process([]) == nil)
        #expect(detector.elapsedMs == 0)
        let clipped = Signal.silence(ms: 300) + Synth.square(amplitude: .max, ms: 2_000)
        let decided = try #require(Self.run(clipped).0)
        #expect(decided.cause == .longGreeting)
        #expect([Int16.min, Int16.max].map { FrameLevel([$0, $0]).meanAbsolute } == [32_768, 32_767])
    }
}
