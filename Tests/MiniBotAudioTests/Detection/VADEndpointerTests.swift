import Foundation
import Testing
@testable import MiniBotAudio

/// VAD and endpointer behaviour on synthetic signals with sample-exact timing.
struct VADEndpointerTests {
    /// A "voice": 300 Hz + 1100 Hz tones at about −20 dBFS.
    static func voice(ms: Int) -> [Int16] { Synth.tones([300, 1_100], amplitude: 2_300, ms: ms) }

    static func events(_ audio: [Int16], _ configuration: EndpointerConfiguration = .telephone, frame: Int = 160) -> [EndpointEvent] {
        var endpointer = Endpointer(configuration)
        var events: [EndpointEvent] = []
        var start = 0
        while start < audio.count {
            let end = min(start + frame, audio.count)
            if let event = endpointer.process(Array(audio[start..<end])) { events.append(event) }
            start = end
        }
        return events
    }

    @Test("all-zero audio and empty frames are never speech")
    func silence() {
        var vad = VoiceActivityDetector()
        let empty = vad.isSpeech([])
        #expect(!empty)
        let decisions = Signal.frames(Signal.silence(ms: 2_000)).map { vad.isSpeech($0) }
        #expect(!decisions.contains(true))
        #expect(Self.events(Signal.silence(ms: 2_000)).isEmpty)
    }

    @Test("steady noise is learnt as the floor, a voice 25 dB above it is speech")
    func noiseFloor() {
        var noise = SeededNoise(seed: 9)
        let background = noise.samples(count: 1_000 * 8, rms: 130)          // ≈ −48 dBFS
        var vad = VoiceActivityDetector()
        let noiseDecisions = Signal.frames(background).map { vad.isSpeech($0) }
        #expect(noiseDecisions.filter { $0 }.count <= 1)
        #expect(abs(vad.noiseFloorDecibels - (-48)) < 3, "floor \(vad.noiseFloorDecibels)")
        let voiced = Signal.frames(Signal.mix(Self.voice(ms: 400), noise.samples(count: 400 * 8, rms: 130)))
        let voicedDecisions = voiced.map { vad.isSpeech($0) }
        #expect(!voicedDecisions.contains(false))
    }

    @Test("after a spell of digital silence the floor climbs back to the background within ~2 s")
    func floorRecoversAfterDigitalSilence() {
        var noise = SeededNoise(seed: 4)
        let audio = noise.samples(count: 8_000, rms: 200) + Signal.silence(ms: 1_000) + noise.samples(count: 4 * 8_000, rms: 200)
        var vad = VoiceActivityDetector()
        let decisions = Signal.frames(audio).map { vad.isSpeech($0) }
        // The last 1.5 s are background only and must be heard as such.
        #expect(decisions.suffix(75).allSatisfy { !$0 })
    }

    @Test("hangover: speech stays on for `hangoverFrames` after the last loud frame")
    func hangover() {
        var vad = VoiceActivityDetector(VADConfiguration(hangoverFrames: 3))
        let decisions = Signal.frames(Signal.silence(ms: 200) + Self.voice(ms: 200) + Signal.silence(ms: 400)).map { vad.isSpeech($0) }
        #expect(decisions == Array(repeating: false, count: 10) + Array(repeating: true, count: 13) + Array(repeating: false, count: 17))
    }

    @Test("clipped, full-scale audio is speech")
    func clipping() {
        var vad = VoiceActivityDetector()
        _ = vad.isSpeech([Int16](repeating: 0, count: 160))
        let square = vad.isSpeech(Synth.square(amplitude: .max, ms: 20))
        let rail = vad.isSpeech([Int16](repeating: .min, count: 160))
        #expect(square && rail)
    }

    @Test("utterance in silence: start and end dated to the frame, end reported endSilenceMs later")
    func utteranceTiming() {
        let audio = Signal.silence(ms: 500) + Self.voice(ms: 1_000) + Signal.silence(ms: 1_000)
        #expect(Self.events(audio) == [.speechStarted(atMs: 500), .speechEnded(startMs: 500, endMs: 1_500)])
        var endpointer = Endpointer()
        var endedAt: Int?
        for frame in Signal.frames(audio) where endedAt == nil {
            if case .speechEnded? = endpointer.process(frame) { endedAt = endpointer.elapsedMs }
        }
        #expect(endedAt == 1_500 + EndpointerConfiguration.telephone.endSilenceMs)
    }

    @Test("a 40 ms click does not start speech (speechStartMs 60)")
    func click() {
        #expect(Self.events(Signal.silence(ms: 500) + Self.voice(ms: 40) + Signal.silence(ms: 1_000)).isEmpty)
        #expect(Self.events(Signal.silence(ms: 500) + Self.voice(ms: 60) + Signal.silence(ms: 1_000)).count == 2)
    }

    @Test("a pause shorter than endSilenceMs keeps one utterance; a longer one splits it")
    func pauses() {
        let short = Signal.silence(ms: 300) + Self.voice(ms: 400) + Signal.silence(ms: 400) + Self.voice(ms: 400) + Signal.silence(ms: 1_000)
        #expect(Self.events(short) == [.speechStarted(atMs: 300), .speechEnded(startMs: 300, endMs: 1_500)])
        let long = Signal.silence(ms: 300) + Self.voice(ms: 400) + Signal.silence(ms: 800) + Self.voice(ms: 400) + Signal.silence(ms: 1_000)
        #expect(Self.events(long).count == 4)
    }

    @Test("minSpeechMs drops the end of a too-short utterance")
    func minSpeech() {
        let config = EndpointerConfiguration(minSpeechMs: 300)
        let audio = Signal.silence(ms: 300) + Self.voice(ms: 200) + Signal.silence(ms: 1_000)
        #expect(Self.events(audio, config) == [.speechStarted(atMs: 300)])
    }

    @Test("odd frame sizes (80, 161, 7 samples) give the same times within one frame", arguments: [80, 161, 7])
    func oddFrames(size: Int) {
        let audio = Signal.silence(ms: 500) + Self.voice(ms: 1_000) + Signal.silence(ms: 1_000)
        let reference = Self.events(audio)
        let other = Self.events(audio, frame: size)
        #expect(other.count == reference.count)
        for (a, b) in zip(reference, other) {
            switch (a, b) {
            case let (.speechStarted(x), .speechStarted(y)): #expect(abs(x - y) <= 20)
            case let (.speechEnded(s1, e1), .speechEnded(s2, e2)): #expect(abs(s1 - s2) <= 20 && abs(e1 - e2) <= 20)
            default: Issue.record("event kinds differ: \(reference) vs \(other)")
            }
        }
    }
}

/// The Foundation-free maths of the pure core against Foundation's.
struct DetectionMathTests {
    @Test("log10, 10^x and cos approximations match Foundation")
    func approximations() {
        for x in [1e-9, 0.001, 0.5, 1, 2, 3.3, 1_000, 1e9, 123_456.789] {
            #expect(abs(log10Approximation(x) - log10(x)) < 1e-6, "log10(\(x))")
        }
        for x in [-4.0, -0.8, -0.25, 0, 0.4, 0.63, 1, 2.5] {
            #expect(abs(power10(x) / pow(10, x) - 1) < 1e-9, "10^\(x)")
        }
        for x in [0.0, 0.3, 1.5, 3.14, 4, 6.2, 20, -7] {
            #expect(abs(cosine(x) - cos(x)) < 1e-9, "cos(\(x))")
        }
    }

    @Test("frame level: dBFS of a full-scale square is 0, of silence the floor; mean |x| as Asterisk")
    func frameLevel() {
        #expect(abs(FrameLevel([Int16](repeating: .min, count: 160)).decibelsFullScale) < 1e-9)
        #expect(FrameLevel([Int16](repeating: 0, count: 160)).decibelsFullScale == FrameLevel.silenceFloorDecibels)
        #expect(FrameLevel([]).decibelsFullScale == FrameLevel.silenceFloorDecibels)
        #expect(FrameLevel([3, -4, 5, -6]).meanAbsolute == 4)        // 18 / 4, integer division
    }
}
