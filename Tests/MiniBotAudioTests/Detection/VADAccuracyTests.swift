import Foundation
import Testing
@testable import MiniBotAudio

/// VAD and endpointer on espeak-ng French speech placed at known positions in silence and in
/// telephone-band noise; truth comes from the clean speech's own per-frame energy.
@Suite(.enabled(if: TestAudio.toolsAvailable, TestAudio.toolsMissingMessage))
struct VADAccuracyTests {
    struct PlacedSpeech {
        let name: String
        let signal: [Int16]
        let truth: [Bool]
        /// End of the last truly voiced frame, ms from the start of `signal`.
        let trueEndMs: Int
    }

    static let caseCount = 30

    /// Case `index`: sentence, voice, speed, level, position and noise (none, 20 dB, 15 dB SNR
    /// of 300–3400 Hz noise) all vary with the index.
    static func placed(_ index: Int) throws -> PlacedSpeech {
        let sentence = SpeechCorpus.sentences[index % SpeechCorpus.sentences.count]
        let voice = SpeechCorpus.voices[index % SpeechCorpus.voices.count]
        let speed = SpeechCorpus.speeds[(index / 3) % SpeechCorpus.speeds.count]
        let levelDBFS = -16.0 - Double((index * 7) % 10)
        let raw = try SpeechCorpus.speech(sentence, voice: voice, speed: speed)
        let speech = Signal.scaled(raw, by: 32_768 * pow(10, levelDBFS / 20) / Signal.activeRMS(raw))
        let leadMs = 600 + (index * 173) % 900
        let clean = Signal.silence(ms: leadMs) + speech + Signal.silence(ms: 1_500)
        let snr: Double? = [nil, 20.0, 15.0][index % 3]
        var signal = clean
        if let snr {
            let noise = try TestAudio.noise(seconds: Double(clean.count) / 8_000, seedShift: index)
            let noiseRMS = Signal.activeRMS(speech) / pow(10, snr / 20)
            signal = Signal.mix(clean, Signal.scaled(noise, toRMS: noiseRMS))
        }
        let truth = SpeechCorpus.labels(clean: clean)
        let lastVoiced = truth.lastIndex(of: true) ?? 0
        let name = "#\(index) \(voice) \(speed) wpm \(Int(levelDBFS)) dBFS \(snr.map { "SNR \(Int($0)) dB" } ?? "silence")"
        return PlacedSpeech(name: name, signal: signal, truth: truth, trueEndMs: (lastVoiced + 1) * 20)
    }

    @Test("frame-level F1 ≥ 0.90 over 30 placed sentences (silence, 20 dB and 15 dB SNR)")
    func frameLevelF1() throws {
        var pooledTruth: [Bool] = [], pooledDecided: [Bool] = []
        var worst = (1.0, "")
        var byCondition: [(truth: [Bool], decided: [Bool])] = Array(repeating: ([], []), count: 3)
        for index in 0..<Self.caseCount {
            let speech = try Self.placed(index)
            var vad = VoiceActivityDetector()
            let decided = Signal.frames(speech.signal).map { vad.isSpeech($0) }
            let score = SpeechCorpus.f1(truth: speech.truth, decided: decided)
            if score.f1 < worst.0 { worst = (score.f1, speech.name) }
            pooledTruth += speech.truth
            byCondition[index % 3].truth += speech.truth
            byCondition[index % 3].decided += decided
            pooledDecided += decided
        }
        let pooled = SpeechCorpus.f1(truth: pooledTruth, decided: pooledDecided)
        let conditions = zip(["silence", "SNR 20 dB", "SNR 15 dB"], byCondition).map { name, frames in
            "\(name) F1 \(SpeechCorpus.f1(truth: frames.truth, decided: frames.decided).f1)"
        }
        print("VAD per condition: \(conditions.joined(separator: ", "))")
        print("VAD pooled F1 \(pooled.f1) precision \(pooled.precision) recall \(pooled.recall); worst case \(worst.0) \(worst.1)")
        #expect(pooled.f1 >= 0.90, "pooled frame F1 \(pooled.f1)")
        #expect(worst.0 >= 0.80, "worst case \(worst.1): F1 \(worst.0)")
    }

    @Test("speech end found within 300 ms of the true end in ≥ 95 % of 30 cases")
    func endOfSpeech() throws {
        var within = 0
        var errors: [Int] = []
        var misses: [String] = []
        for index in 0..<Self.caseCount {
            let speech = try Self.placed(index)
            var endpointer = Endpointer()
            var ends: [Int] = []
            for frame in Signal.frames(speech.signal) {
                if case let .speechEnded(_, endMs)? = endpointer.process(frame) { ends.append(endMs) }
            }
            guard let detectedEnd = ends.last else {
                misses.append("\(speech.name): no end")
                continue
            }
            let error = detectedEnd - speech.trueEndMs
            errors.append(error)
            if abs(error) <= 300 { within += 1 } else { misses.append("\(speech.name): error \(error) ms") }
        }
        let rate = Double(within) / Double(Self.caseCount)
        let sorted = errors.map(abs).sorted()
        print("endpointer: \(within)/\(Self.caseCount) ends within 300 ms; median |error| \(sorted.isEmpty ? -1 : sorted[sorted.count / 2]) ms, max \(sorted.last ?? -1) ms; misses \(misses)")
        #expect(rate >= 0.95, "\(misses)")
    }

    @Test("two sentences 1.5 s apart give two utterances with both ends")
    func twoUtterances() throws {
        let first = Signal.scaled(try SpeechCorpus.speech(SpeechCorpus.sentences[1], voice: "fr+f3", speed: 160), toRMS: 2_000)
        let second = Signal.scaled(try SpeechCorpus.speech(SpeechCorpus.sentences[4], voice: "fr+f3", speed: 160), toRMS: 2_000)
        let clean = Signal.silence(ms: 700) + first + Signal.silence(ms: 1_500) + second + Signal.silence(ms: 1_200)
        let noise = Signal.scaled(try TestAudio.noise(seconds: Double(clean.count) / 8_000), toRMS: 2_000 / 10)
        let truth = SpeechCorpus.labels(clean: Signal.silence(ms: 700) + first)
        let firstEnd = (truth.lastIndex(of: true) ?? 0) * 20 + 20
        var endpointer = Endpointer()
        var events: [EndpointEvent] = []
        for frame in Signal.frames(Signal.mix(clean, noise)) {
            if let event = endpointer.process(frame) { events.append(event) }
        }
        let ends = events.compactMap { event -> (Int, Int)? in
            if case let .speechEnded(start, end) = event { return (start, end) }
            return nil
        }
        #expect(ends.count == 2, "\(events)")
        #expect(abs((ends.first?.1 ?? 0) - firstEnd) <= 300, "\(events)")
        #expect(abs((ends.first?.0 ?? 0) - 700) <= 200, "\(events)")
    }
}
