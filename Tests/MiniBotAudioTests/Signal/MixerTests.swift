import Foundation
import Testing
@testable import MiniBotAudio

@Suite struct MixerTests {
    @Test func backgroundSitsEightDecibelsLower() {
        let background = TestSignal.sine(frequency: 300, rate: 8_000, count: 8_000, amplitude: 20_000)
        let voice = TestSignal.sine(frequency: 1_000, rate: 8_000, count: 8_000, amplitude: 10_000)
        let mixed = Mixer.mix(voice: voice, background: background)
        #expect(mixed.count == voice.count)
        let underneath = zip(mixed, voice).map { Double($0) - Double($1) }
        let difference = 20 * log10(TestSignal.rms(underneath) / TestSignal.rms(background))
        #expect(abs(difference - (-8)) < 0.05, "\(difference) dB")
    }

    @Test func customGain() {
        let background = TestSignal.sine(frequency: 300, rate: 8_000, count: 4_000, amplitude: 20_000)
        let mixed = Mixer.mix(voice: [Int16](repeating: 0, count: 4_000), background: background, backgroundGainDB: -20)
        #expect(abs(Loudness.rmsDBFS(mixed) - Loudness.rmsDBFS(background) + 20) < 0.05)
    }

    @Test func shortBackgroundLoops() {
        let mixed = Mixer.mix(voice: [0, 0, 0, 0, 0, 0, 10], background: [1_000, 2_000, 3_000], backgroundGainDB: 0)
        #expect(mixed == [1_000, 2_000, 3_000, 1_000, 2_000, 3_000, 1_010])
    }

    @Test func longBackgroundIsCutToTheVoice() {
        let mixed = Mixer.mix(voice: [1, 1], background: [100, 200, 300, 400], backgroundGainDB: 0)
        #expect(mixed == [101, 201])
    }

    @Test func sumSaturates() {
        let mixed = Mixer.mix(voice: [32_000, -32_000], background: [32_000, -32_000], backgroundGainDB: 0)
        #expect(mixed == [32_767, -32_768])
    }

    @Test func emptyInputs() {
        #expect(Mixer.mix(voice: [5, 6], background: []) == [5, 6])
        #expect(Mixer.mix(voice: [], background: [1, 2]).isEmpty)
    }
}
