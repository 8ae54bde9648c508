import Foundation
import Testing
@testable import MiniBotAudio

@Suite struct ResamplerTests {
    static let rates = [8_000, 16_000, 22_050, 24_000, 44_100, 48_000]
    static let pairs: [(Int, Int)] = rates.flatMap { from in rates.filter { $0 != from }.map { (from, $0) } }

    @Test func thereAreThirtyRatePairs() {
        #expect(Self.pairs.count == 30)
    }

    @Test func oneKilohertzSurvivesEightToSixteenAndBack() {
        let input = TestSignal.sine(frequency: 1_000, rate: 8_000, count: 4_000)
        let up = Resampler.resample(input, from: 8_000, to: 16_000)
        let upReference = TestSignal.idealSine(frequency: 1_000, rate: 16_000, count: 8_000)
        #expect(up.count == 8_000)
        #expect(TestSignal.snr(up, upReference, range: 800..<7_200) >= 60)

        let down = Resampler.resample(up, from: 16_000, to: 8_000)
        let reference = TestSignal.idealSine(frequency: 1_000, rate: 8_000, count: 4_000)
        #expect(down.count == 4_000)
        let snr = TestSignal.snr(down, reference, range: 400..<3_600)
        #expect(snr >= 60, "SNR \(snr) dB")
    }

    @Test func passbandToneIsKeptGoingDownToEightKilohertz() {
        let input = TestSignal.sine(frequency: 3_900, rate: 48_000, count: 12_000)
        let output = Resampler.resample(input, from: 48_000, to: 8_000)
        #expect(output.count == 2_000)
        let interior = Array(output[300..<1_700])
        let levelChange = 20 * log10(TestSignal.rms(interior) / (16_000 / 2.0.squareRoot()))
        #expect(abs(levelChange) <= 0.1, "level change \(levelChange) dB")
        let reference = TestSignal.idealSine(frequency: 3_900, rate: 8_000, count: 2_000)
        #expect(TestSignal.snr(output, reference, range: 300..<1_700) >= 50)
    }

    @Test(arguments: [5_000.0, 7_000.0])
    func toneAboveTheNewNyquistIsRemoved(frequency: Double) {
        let input = TestSignal.sine(frequency: frequency, rate: 48_000, count: 12_000)
        let output = Resampler.resample(input, from: 48_000, to: 8_000)
        let interior = Array(output[300..<1_700])
        let attenuation = 20 * log10(max(TestSignal.rms(interior), 1e-9) / TestSignal.rms(input))
        #expect(attenuation <= -60, "\(frequency) Hz only \(attenuation) dB down")
    }

    @Test func upsamplingLeavesNoImages() {
        // A 3 kHz tone at 8 kHz has images at 5, 11, 13… kHz once zero-stuffed to 48 kHz.
        let input = TestSignal.sine(frequency: 3_000, rate: 8_000, count: 2_000)
        let output = Resampler.resample(input, from: 8_000, to: 48_000)
        let reference = TestSignal.idealSine(frequency: 3_000, rate: 48_000, count: 12_000)
        #expect(TestSignal.snr(output, reference, range: 1_200..<10_800) >= 60)
    }

    @Test(arguments: [(8_000, 16_000), (16_000, 8_000), (48_000, 8_000), (44_100, 8_000), (8_000, 44_100), (22_050, 16_000), (44_100, 48_000)])
    func streamingInTwentyMillisecondFramesMatchesWholeBuffer(from: Int, to: Int) {
        let count = from / 4
        let input = zip(TestSignal.sine(frequency: 440, rate: Double(from), count: count, amplitude: 9_000),
                        TestSignal.sine(frequency: 2_100, rate: Double(from), count: count, amplitude: 9_000))
            .map { $0 + $1 }
        let whole = Resampler.resample(input, from: from, to: to)
        var streaming = Resampler(from: from, to: to)
        var streamed: [Int16] = []
        let frame = from / 50
        for start in stride(from: 0, to: input.count, by: frame) {
            streamed += streaming.process(Array(input[start..<min(start + frame, input.count)]))
        }
        streamed += streaming.flush()
        #expect(streamed.count == whole.count)
        let worst = zip(streamed, whole).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(worst <= 1)
    }

    @Test func unevenChunksMatchWholeBufferAndFlushResets() {
        let input = TestSignal.sine(frequency: 700, rate: 16_000, count: 3_000)
        let whole = Resampler.resample(input, from: 16_000, to: 8_000)
        var resampler = Resampler(from: 16_000, to: 8_000)
        for _ in 0..<2 {
            var output: [Int16] = []
            var start = 0
            for size in [1, 0, 7, 333, 2, 1_000, 1_657] {
                output += resampler.process(Array(input[start..<start + size]))
                start += size
            }
            output += resampler.flush()
            #expect(output == whole)
        }
    }

    @Test(arguments: pairs)
    func everyRatePairGivesTheRoundedLength(from: Int, to: Int) {
        for count in [0, 1, 160, 999] {
            let input = [Int16](repeating: 1_000, count: count)
            let expected = Int((Double(count) * Double(to) / Double(from)).rounded())
            #expect(Resampler.resample(input, from: from, to: to).count == expected, "\(count) samples")
        }
    }

    @Test func unusualRatioUsesTheBoundedPhaseTable() {
        // 8000 -> 7999 reduces to 7999/8000: more phases than `maximumPhases`, nearest-phase mode.
        let input = TestSignal.sine(frequency: 1_000, rate: 8_000, count: 4_000)
        let output = Resampler.resample(input, from: 8_000, to: 7_999)
        #expect(output.count == 4_000)   // round(4000 × 7999 / 8000) = round(3999.5)
        let reference = TestSignal.idealSine(frequency: 1_000, rate: 7_999, count: 4_000)
        #expect(TestSignal.snr(output, reference, range: 400..<3_600) >= 50)
    }

    @Test func constantSignalKeepsItsLevel() {
        let output = Resampler.resample([Int16](repeating: 10_000, count: 1_600), from: 8_000, to: 16_000)
        #expect(output[400..<2_800].allSatisfy { abs(Int($0) - 10_000) <= 2 })
    }

    @Test func fullScaleInputSaturatesInsteadOfWrapping() {
        let square = (0..<800).map { $0 % 40 < 20 ? Int16.max : Int16.min }
        let output = Resampler.resample(square, from: 8_000, to: 16_000)
        // Gibbs overshoot would exceed Int16; it must clip at the rails, never wrap to the other sign.
        for (index, sample) in output.enumerated() where index % 80 == 20 || index % 80 == 60 {
            #expect(abs(Int(sample)) > 20_000)
        }
        #expect(output.contains(Int16.max))
    }

    @Test func stereoBuffersKeepTheirChannels() {
        let left = TestSignal.sine(frequency: 500, rate: 16_000, count: 1_600)
        let right = TestSignal.sine(frequency: 1_500, rate: 16_000, count: 1_600, amplitude: 4_000)
        let stereo = AudioBuffer.interleave(left: left, right: right, sampleRate: 16_000)
        let converted = stereo.resampled(to: 8_000)
        #expect(converted.sampleRate == 8_000)
        #expect(converted.channels == 2)
        #expect(converted.frameCount == 800)
        #expect(converted.channel(0) == Resampler.resample(left, from: 16_000, to: 8_000))
        #expect(converted.channel(1) == Resampler.resample(right, from: 16_000, to: 8_000))
        #expect(stereo.resampled(to: 16_000) == stereo)
    }

    @Test func sameRateIsAPassThrough() {
        var resampler = Resampler(from: 16_000, to: 16_000)
        #expect(resampler.process([1, 2, 3]) == [1, 2, 3])
        #expect(resampler.flush().isEmpty)
        #expect(Resampler.resample([4, 5], from: 8_000, to: 8_000) == [4, 5])
    }

    @Test func invalidRatesGiveNothingRatherThanCrash() {
        var resampler = Resampler(from: 0, to: 8_000)
        #expect(resampler.process([1, 2, 3]).isEmpty)
        #expect(resampler.flush().isEmpty)
        #expect(Resampler.resample([1, 2], from: 8_000, to: -1).isEmpty)
    }

    @Test func lookaheadIsReportedInInputSamples() {
        let resampler = Resampler(from: 8_000, to: 16_000)
        #expect(resampler.lookahead > 50 && resampler.lookahead < 200)
        var streaming = resampler
        // The first 20 ms frame yields what the lookahead allows, the rest comes later.
        let first = streaming.process([Int16](repeating: 0, count: 160))
        #expect(first.count == 320 - Int((resampler.lookahead * 2).rounded()))
        #expect(streaming.process([Int16](repeating: 0, count: 160)).count == 320)
    }
}
