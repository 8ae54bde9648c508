import Foundation
import Testing
@testable import MiniBotAudio

/// Answering-machine detection with Asterisk's defaults on generated calls: a human says a
/// short "Allô ?" and waits, a machine plays a long greeting, a dead line stays silent.
@Suite(.enabled(if: TestAudio.toolsAvailable, TestAudio.toolsMissingMessage))
struct AMDAccuracyTests {
    struct Call {
        let name: String
        let audio: [Int16]
        let expected: AMDVerdict
        let expectedCause: AMDCause?
    }

    static let humanAnswers = ["Allô ?", "Oui ?", "Allô oui", "Oui bonjour", "Allô j'écoute", "Bonjour", "Oui allô", "Allô bonjour"]
    static let machineGreetings = [
        "Bonjour, vous êtes bien sur la messagerie de Julie Martin, laissez-moi un message après le bip.",
        "Bonjour, vous êtes sur le répondeur de la société Durand, nos bureaux sont fermés.",
        "Vous êtes bien au zéro six douze, trente quatre, cinquante six. Laissez un message.",
        "Bonjour, je ne suis pas disponible pour le moment, rappelez plus tard.",
        "Le correspondant que vous cherchez à joindre n'est pas disponible, veuillez laisser un message.",
        "Salut, c'est Marc, je suis absent, laisse-moi un message et je te rappelle.",
    ]
    /// Background noise RMS levels (Int16 units): none, faint line hiss, audible hiss.
    static let noiseLevels: [Double] = [0, 25, 60]

    static func call(_ index: Int) throws -> Call {
        // Index arithmetic spreads voices, speeds, noise and levels across every kind of call.
        let voice = SpeechCorpus.voices[(index / 4 + index) % SpeechCorpus.voices.count]
        let speed = SpeechCorpus.speeds[(index / 4 + index / 8) % SpeechCorpus.speeds.count]
        let noiseRMS = noiseLevels[(index / 4) % noiseLevels.count]
        let levelDBFS = -16.0 - Double((index * 5) % 9)
        let kind = index % 4
        var clean: [Int16]
        let expected: AMDVerdict
        var cause: AMDCause?
        let name: String
        switch kind {
        case 0:
            let text = humanAnswers[(index / 4) % humanAnswers.count]
            let speech = try level(try SpeechCorpus.speech(text, voice: voice, speed: speed), levelDBFS)
            clean = Signal.silence(ms: 300 + (index * 97) % 900) + speech + Signal.silence(ms: 3_000)
            expected = .human
            cause = .human
            name = "human \"\(text)\""
        case 1:
            let text = machineGreetings[(index / 4) % machineGreetings.count]
            let speech = try level(try SpeechCorpus.speech(text, voice: voice, speed: speed), levelDBFS)
            clean = Signal.silence(ms: 200 + (index * 97) % 800) + speech + Signal.silence(ms: 1_000)
            expected = .machine
            name = "machine greeting \"\(text.prefix(30))…\""
        case 2:
            // Music or a carrier announcement jingle: continuous sound, no word breaks.
            let base = 180.0 + Double(index % 5) * 40
            let music = Synth.tones([base, base * 1.5, base * 2.52], amplitude: 32_768 * pow(10, levelDBFS / 20) / 2, ms: 3_000)
            clean = Signal.silence(ms: 200 + (index * 97) % 800) + music + Signal.silence(ms: 500)
            expected = .machine
            cause = .longGreeting
            name = "continuous music \(Int(base)) Hz"
        default:
            clean = Signal.silence(ms: 2_600 + (index * 53) % 2_000)
            expected = .machine
            cause = .initialSilence
            name = "silent line"
        }
        var audio = clean
        if noiseRMS > 0 {
            let noise = try TestAudio.noise(seconds: Double(clean.count) / 8_000, seedShift: index)
            audio = Signal.mix(clean, Signal.scaled(noise, toRMS: noiseRMS))
        }
        return Call(name: "#\(index) \(name) \(voice) \(speed) wpm \(Int(levelDBFS)) dBFS noise \(Int(noiseRMS))",
                    audio: audio, expected: expected, expectedCause: cause)
    }

    static func level(_ clip: [Int16], _ dBFS: Double) throws -> [Int16] {
        Signal.scaled(clip, by: 32_768 * pow(10, dBFS / 20) / Signal.activeRMS(clip))
    }

    static func detect(_ audio: [Int16]) -> AMDResult? {
        var detector = AnsweringMachineDetector()
        for frame in Signal.frames(audio) {
            if let result = detector.process(frame) { return result }
        }
        return nil
    }

    @Test("≥ 95 % of 64 generated calls classified right (human / spoken greeting / music / silence)")
    func accuracy() throws {
        let total = 64
        var right = 0
        var wrong: [String] = []
        var causes: [String: Int] = [:]
        for index in 0..<total {
            let call = try Self.call(index)
            let result = Self.detect(call.audio)
            causes[result.map { "\($0.verdict.rawValue)/\($0.cause.rawValue)" } ?? "none", default: 0] += 1
            let verdictOK = result?.verdict == call.expected
            let causeOK = call.expectedCause == nil || result?.cause == call.expectedCause
            if verdictOK && causeOK { right += 1 } else { wrong.append("\(call.name) → \(result.map { $0.causeText } ?? "nil")") }
        }
        let rate = Double(right) / Double(total)
        print("AMD: \(right)/\(total) right (\(rate)); causes \(causes.sorted { $0.key < $1.key }); wrong \(wrong)")
        #expect(rate >= 0.95, "\(wrong)")
    }

    @Test("a human is recognised 800 ms after the end of a short answer")
    func humanTiming() throws {
        let speech = try Self.level(try SpeechCorpus.speech("Allô ?", voice: "fr", speed: 160), -18)
        let audio = Signal.silence(ms: 500) + speech + Signal.silence(ms: 2_000)
        let result = try #require(Self.detect(audio))
        #expect(result.verdict == .human)
        #expect(result.cause == .human)
        // Decided after at least `afterGreetingSilence` of silence following the word.
        // (espeak-ng pads its clip with silence: find the last frame above the threshold.)
        let loudFrames = Signal.frames(speech).map { frame in frame.reduce(0) { $0 + abs(Int($1)) } / frame.count >= 256 }
        let wordEnd = 500 + ((loudFrames.lastIndex(of: true) ?? 0) + 1) * 20
        #expect(result.atMs >= wordEnd + 800 - 200 && result.atMs <= wordEnd + 800 + 100, "decided at \(result.atMs), word ended ≈ \(wordEnd)")
    }
}
