import Foundation
import Testing
@testable import MiniBotAudio

struct BeepDetectorTests {
    static func detect(_ audio: [Int16], chunk: Int = 160) -> [BeepEvent] {
        var detector = BeepDetector()
        var events: [BeepEvent] = []
        var start = 0
        while start < audio.count {
            let end = min(start + chunk, audio.count)
            if let event = detector.process(Array(audio[start..<end])) { events.append(event) }
            start = end
        }
        return events
    }

    @Test("a 1 kHz beep of 400 ms in noise is reported once, dated to its start",
          arguments: [1_000.0, 1_020.0, 1_400.0, 440.0])
    func beep(frequency: Double) throws {
        var noise = SeededNoise(seed: 11)
        let clean = Signal.silence(ms: 500) + Synth.tones([frequency], amplitude: 6_000, ms: 400) + Signal.silence(ms: 500)
        let events = Self.detect(Signal.mix(clean, noise.samples(count: clean.count, rms: 300)))
        #expect(events.count == 1)
        let event = try #require(events.first)
        #expect(abs(Double(event.frequency) - frequency) <= 30)
        #expect(abs(event.startMs - 500) <= 20)
    }

    @Test("a 60 ms chirp, DTMF, noise and silence are not beeps")
    func notBeeps() {
        var noise = SeededNoise(seed: 2)
        #expect(Self.detect(Synth.tones([1_000], amplitude: 6_000, ms: 60) + Signal.silence(ms: 200)).isEmpty)
        #expect(Self.detect(Synth.dtmf("5", ms: 500)).isEmpty)
        #expect(Self.detect(noise.samples(count: 8_000, rms: 3_000)).isEmpty)
        #expect(Self.detect(Signal.silence(ms: 1_000)).isEmpty)
    }

    @Test("odd frame sizes give the same event", arguments: [7, 80, 333])
    func oddFrames(chunk: Int) {
        let audio = Signal.silence(ms: 300) + Synth.tones([1_000], amplitude: 6_000, ms: 300) + Signal.silence(ms: 300)
        #expect(Self.detect(audio, chunk: chunk) == Self.detect(audio))
    }
}

@Suite(.enabled(if: TestAudio.toolsAvailable, TestAudio.toolsMissingMessage))
struct BeepSpeechTests {
    @Test("a voicemail greeting followed by its beep: one beep, after the speech")
    func greetingThenBeep() throws {
        let greeting = Signal.scaled(try SpeechCorpus.speech(AMDAccuracyTests.machineGreetings[0], voice: "fr+f3", speed: 160), toRMS: 3_000)
        let audio = greeting + Synth.tones([1_000], amplitude: 5_000, ms: 300) + Signal.silence(ms: 500)
        let events = Self.detectAll(audio)
        #expect(events.count == 1)
        #expect((events.first?.startMs ?? 0) >= greeting.count / 8 - 20)
    }

    static func detectAll(_ audio: [Int16]) -> [BeepEvent] { BeepDetectorTests.detect(audio) }
}
