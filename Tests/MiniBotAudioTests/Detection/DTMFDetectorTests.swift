import Foundation
import Testing
@testable import MiniBotAudio

struct DTMFDetectorTests {
    static let allDigits = Array("0123456789*#ABCD")

    /// Runs a detector over `audio` cut into chunks of `chunk` samples.
    static func detect(_ audio: [Int16], chunk: Int = 160, configuration: DTMFConfiguration = .standard) -> [DTMFEvent] {
        var detector = DTMFDetector(configuration: configuration)
        var events: [DTMFEvent] = []
        var start = 0
        while start < audio.count {
            let end = min(start + chunk, audio.count)
            if let event = detector.process(Array(audio[start..<end])) { events.append(event) }
            start = end
        }
        return events
    }

    /// `audio` plus white Gaussian noise `snr` dB below `signalRMS`.
    static func noisy(_ audio: [Int16], signalRMS: Double, snr: Double, seed: UInt64) -> [Int16] {
        var noise = SeededNoise(seed: seed)
        return Signal.mix(audio, noise.samples(count: audio.count, rms: signalRMS / pow(10, snr / 20)))
    }

    @Test("each of the 16 digits at −20 dBFS in 20 dB SNR white noise gives exactly one right event", arguments: allDigits)
    func singleDigit(_ digit: Character) throws {
        // Odd lead so the tone never starts on a block or frame boundary.
        let leadMs = 203
        let tone = Synth.dtmf(digit, ms: 80)
        let clean = Signal.silence(ms: leadMs) + tone + Signal.silence(ms: 300)
        let audio = Self.noisy(clean, signalRMS: Signal.rms(tone), snr: 20, seed: UInt64(digit.asciiValue ?? 0))
        let events = Self.detect(audio)
        #expect(events.map(\.digit) == [digit])
        let event = try #require(events.first)
        #expect(abs(event.startMs - leadMs) <= 15, "startMs \(event.startMs)")
    }

    @Test("\"0123456789*#ABCD\" with 50 ms tones and 50 ms gaps, and with 70/120 ms, in noise",
          arguments: [(50, 50), (70, 120), (45, 45)])
    func sequence(toneMs: Int, gapMs: Int) {
        var clean = Signal.silence(ms: 100)
        for digit in Self.allDigits { clean += Synth.dtmf(digit, ms: toneMs) + Signal.silence(ms: gapMs) }
        let audio = Self.noisy(clean, signalRMS: Signal.rms(Synth.dtmf("5", ms: 50)), snr: 20, seed: 7)
        #expect(String(Self.detect(audio).map(\.digit)) == "0123456789*#ABCD")
    }

    @Test("a key pressed four times with 60 ms gaps gives four events")
    func repeatedKey() {
        var clean: [Int16] = []
        for _ in 0..<4 { clean += Synth.dtmf("5", ms: 60) + Signal.silence(ms: 60) }
        let audio = Self.noisy(clean, signalRMS: Signal.rms(Synth.dtmf("5", ms: 60)), snr: 20, seed: 3)
        #expect(Self.detect(audio).map(\.digit) == Array("5555"))
    }

    @Test("a tone of 20 ms (below the 40 ms minimum) is not reported, whatever its alignment")
    func tooShort() {
        for leadSamples in stride(from: 0, to: 102, by: 17) {
            let audio = [Int16](repeating: 0, count: leadSamples) + Synth.dtmf("8", ms: 20) + Signal.silence(ms: 200)
            #expect(Self.detect(audio).isEmpty, "lead \(leadSamples)")
        }
    }

    @Test("a 40 ms tone is reported at any alignment")
    func minimumDuration() {
        for leadSamples in stride(from: 0, to: 102, by: 17) {
            let audio = [Int16](repeating: 0, count: leadSamples) + Synth.dtmf("9", ms: 40) + Signal.silence(ms: 200)
            #expect(Self.detect(audio).map(\.digit) == ["9"], "lead \(leadSamples)")
        }
    }

    @Test("twist: column 6 dB above row passes, row 6 dB above column (reverse > 4 dB) fails")
    func twist() {
        let base = 32_768 * pow(10, -26 / 20.0)
        let row = Synth.tones([852], amplitude: base / 2, ms: 100)
        let colStrong = Synth.tones([1477], amplitude: base, ms: 100)          // +6 dB normal twist
        #expect(Self.detect(Signal.mix(row, colStrong)).map(\.digit) == ["9"])
        let rowStrong = Synth.tones([852], amplitude: base, ms: 100)
        let colWeak = Synth.tones([1477], amplitude: base / 2, ms: 100)        // 6 dB reverse twist
        #expect(Self.detect(Signal.mix(rowStrong, colWeak)).isEmpty)
        let colTooStrong = Synth.tones([1477], amplitude: base * 3.2, ms: 100) // ≈ +10 dB normal twist
        #expect(Self.detect(Signal.mix(rowStrong, colTooStrong)).isEmpty)
    }

    @Test("single tones, three tones and a 1 kHz beep are not digits")
    func notDigits() {
        let amplitude = 32_768 * 0.05
        #expect(Self.detect(Synth.tones([697], amplitude: amplitude, ms: 300)).isEmpty)
        #expect(Self.detect(Synth.tones([1000], amplitude: amplitude, ms: 300)).isEmpty)
        #expect(Self.detect(Synth.tones([697, 770, 1209], amplitude: amplitude, ms: 300)).isEmpty)
    }

    @Test("frames of odd sizes give the same digits as 20 ms frames", arguments: [1, 7, 80, 161, 1_000])
    func oddFrameSizes(chunk: Int) {
        var clean = Signal.silence(ms: 30)
        for digit in "147*0#" { clean += Synth.dtmf(digit, ms: 60) + Signal.silence(ms: 60) }
        let reference = Self.detect(clean)
        #expect(String(reference.map(\.digit)) == "147*0#")
        #expect(Self.detect(clean, chunk: chunk) == reference)
    }

    @Test("all-zero audio, empty frames and a faint tone below −40 dBFS give nothing")
    func silenceAndFaint() {
        #expect(Self.detect(Signal.silence(ms: 2_000)).isEmpty)
        var detector = DTMFDetector()
        #expect(detector.process([]) == nil)
        #expect(Self.detect(Synth.dtmf("1", ms: 200, peakDBFS: -50)).isEmpty)
    }

    @Test("a clipped (6 dB overdriven) tone is still one digit")
    func clipped() {
        let overdriven = Synth.dtmf("6", ms: 100, peakDBFS: 6)   // peaks hit ±32767
        #expect(overdriven.contains(Int16.max))
        #expect(Self.detect(Signal.silence(ms: 40) + overdriven + Signal.silence(ms: 100)).map(\.digit) == ["6"])
    }
}

/// No false digit over about 60 s of French speech (several voices, speeds, levels).
@Suite(.enabled(if: TestAudio.toolsAvailable, TestAudio.toolsMissingMessage))
struct DTMFSpeechTalkOffTests {
    @Test("no digit (and no beep) in ≥ 60 s of espeak-ng French speech")
    func noTalkOff() throws {
        var speech: [Int16] = []
        var index = 0
        while speech.count < 62 * 8_000 {
            let sentence = SpeechCorpus.sentences[index % SpeechCorpus.sentences.count]
            let voice = SpeechCorpus.voices[index % SpeechCorpus.voices.count]
            let clip = try SpeechCorpus.speech(sentence, voice: voice, speed: SpeechCorpus.speeds[index % 4])
            speech += Signal.scaled(clip, toRMS: 32_768 * pow(10, (-14 - Double(index % 3) * 5) / 20))
            index += 1
        }
        let events = DTMFDetectorTests.detect(speech)
        let beeps = BeepDetectorTests.detect(speech)
        print("DTMF talk-off: \(events.count) false digits, \(beeps.count) false beeps in \(speech.count / 8_000) s of speech")
        #expect(speech.count >= 60 * 8_000)
        #expect(events.isEmpty, "\(events)")
        #expect(beeps.isEmpty, "\(beeps)")
    }
}

struct DTMFSampleRateTests {
    @Test("at 16 kHz the same digits are found (block length scales with the rate)")
    func wideband() {
        var audio = [Int16](repeating: 0, count: 1_600)
        for digit in "29#" {
            let pair = Synth.dtmfFrequencies(digit) ?? []
            audio += (0..<1_600).map { n in
                Signal.clamp(pair.reduce(0) { $0 + 1_600 * sin(2 * .pi * $1 * Double(n) / 16_000) })
            }
            audio += [Int16](repeating: 0, count: 1_600)
        }
        var detector = DTMFDetector(sampleRate: 16_000)
        let digits = Signal.frames(audio, size: 320).compactMap { detector.process($0)?.digit }
        #expect(String(digits) == "29#")
    }
}
