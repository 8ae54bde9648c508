import Foundation
import Testing
@testable import MiniBotAudio

@Suite struct LoudnessTests {
    /// A sine over a whole number of periods (8 kHz, 1 kHz: 8 samples per period).
    func sine(amplitude: Double, count: Int = 8_000) -> [Int16] {
        TestSignal.sine(frequency: 1_000, rate: 8_000, count: count, amplitude: amplitude)
    }

    @Test(arguments: [(32_767.0, 0.0), (16_384.0, -6.0206), (3_277.0, -19.9996), (328.0, -39.9918)])
    func peakOfASine(amplitude: Double, expected: Double) {
        // 1 kHz at 8 kHz hits the crest exactly (sample 2 of each period).
        #expect(abs(Loudness.peakDBFS(sine(amplitude: amplitude)) - expected) < 0.001)
    }

    @Test func rmsOfAFullScaleSineIsMinusThreeDecibels() {
        #expect(abs(Loudness.rmsDBFS(sine(amplitude: 32_767)) - (-3.0103)) < 0.001)
        #expect(abs(Loudness.rmsDBFS(sine(amplitude: 3_277)) - (-23.0099)) < 0.01)
    }

    @Test func rmsOfASquareWaveEqualsItsPeak() {
        let square = (0..<1_000).map { $0 % 2 == 0 ? Int16(8_192) : Int16(-8_192) }
        #expect(abs(Loudness.rmsDBFS(square) - 20 * log10(8_192 / 32_767)) < 1e-9)
    }

    @Test func silenceIsMinusInfinity() {
        #expect(Loudness.peakDBFS([0, 0, 0]) == -.infinity)
        #expect(Loudness.rmsDBFS([0, 0]) == -.infinity)
        #expect(Loudness.peakDBFS([]) == -.infinity)
        #expect(Loudness.rmsDBFS([]) == -.infinity)
    }

    @Test func sixDecibelsDoublesAndHalves() {
        #expect(Loudness.applyGain([1_000, -1_000, 3], decibels: 6.0206) == [2_000, -2_000, 6])
        #expect(Loudness.applyGain([1_000, -1_000, 4], decibels: -6.0206) == [500, -500, 2])
        #expect(Loudness.applyGain([1_234], decibels: 0) == [1_234])
    }

    @Test func gainSaturates() {
        #expect(Loudness.applyGain([30_000, -30_000, 100], decibels: 6) == [32_767, -32_768, 200])
    }

    @Test func normalizeReachesTheRMSTargetWhenThePeakAllows() {
        // A sine has a 3 dB crest factor: RMS −18 puts the peak at −15, well under −3.
        let output = Loudness.normalize(sine(amplitude: 1_000))
        #expect(abs(Loudness.rmsDBFS(output) - (-18)) < 0.1)
        #expect(Loudness.peakDBFS(output) <= -3)
    }

    @Test func normalizeNeverLetsThePeakExceedTheLimit() {
        // Clicks over a quiet bed: reaching RMS −18 would clip, so the peak limit wins.
        var samples = sine(amplitude: 200)
        for index in stride(from: 0, to: samples.count, by: 997) { samples[index] = 20_000 }
        let output = Loudness.normalize(samples)
        let peak = Loudness.peakDBFS(output)
        #expect(peak <= -3 + 0.01)
        #expect(peak >= -3 - 0.1)
        #expect(Loudness.rmsDBFS(output) < -18)
    }

    @Test func normalizeTurnsLoudAudioDown() {
        let output = Loudness.normalize(sine(amplitude: 32_000), peakDBFS: -3, rmsDBFS: -18)
        #expect(abs(Loudness.rmsDBFS(output) - (-18)) < 0.1)
    }

    @Test func normalizeHonoursCustomTargets() {
        let output = Loudness.normalize(sine(amplitude: 1_000), peakDBFS: -1, rmsDBFS: -12)
        #expect(abs(Loudness.rmsDBFS(output) - (-12)) < 0.1)
    }

    @Test func normalizeLeavesSilenceAlone() {
        #expect(Loudness.normalize([0, 0, 0]) == [0, 0, 0])
        #expect(Loudness.normalize([]).isEmpty)
    }
}
