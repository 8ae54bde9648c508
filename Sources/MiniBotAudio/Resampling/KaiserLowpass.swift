import Foundation

/// Designs the low-pass prototype of a polyphase resampler: a windowed sinc whose
/// Kaiser window trades length for stop-band depth by a closed formula (Kaiser 1974),
/// so the filter is exactly as long as the attenuation asked for requires.
///
/// The prototype runs at `phases × inputRate`; its taps are dealt out to `phases`
/// sub-filters of `tapsPerPhase` taps each (reversed, so a sub-filter is a plain dot
/// product with the newest input samples).
/// ```swift
/// let filter = KaiserLowpass(phases: 2, inputRate: 8_000, cutoff: 4_000, transition: 200, attenuation: 80)
/// filter.tapsPerPhase   // ≈ 208 (rounded up to a multiple of 8)
/// ```
struct KaiserLowpass: Sendable {
    /// Number of sub-filters (the interpolation factor of the prototype).
    let phases: Int
    /// Taps per sub-filter, a multiple of 8 (the tail is zero).
    let tapsPerPhase: Int
    /// `phases × tapsPerPhase` coefficients, sub-filter by sub-filter, oldest tap first.
    let coefficients: [Float]
    /// Group delay of the prototype in samples of its own rate (`phases × inputRate`).
    let delay: Int
    /// Per sub-filter, the 8-tap blocks holding non-zero taps. A half-band prototype
    /// (2× up-sampling) has a sub-filter that is a single tap: it costs one block, not all.
    let activeBlocks: [Range<Int>]

    /// - Parameters:
    ///   - cutoff: the −6 dB frequency in Hz, centre of the transition band.
    ///   - transition: width of the transition band in Hz (pass-band edge to stop-band edge).
    ///   - attenuation: stop-band attenuation and pass-band ripple, in dB.
    init(phases: Int, inputRate: Int, cutoff: Double, transition: Double, attenuation: Double) {
        let designRate = Double(phases) * Double(inputRate)
        let width = 2 * Double.pi * transition / designRate               // radians per sample
        var length = Int(((attenuation - 8) / (2.285 * width)).rounded(.up)) + 1
        if length % 2 == 0 { length += 1 }                                // odd: integer delay
        let center = (length - 1) / 2
        let beta = Self.kaiserBeta(attenuation: attenuation)
        let normalizedCutoff = cutoff / designRate                        // cycles per sample
        let windowScale = 1 / Self.besselI0(beta)

        var prototype = [Double](repeating: 0, count: length)
        var sum = 0.0
        for index in 0..<length {
            let offset = Double(index - center)
            let argument = 2 * normalizedCutoff * offset
            let sinc = offset == 0 ? 1 : sin(Double.pi * argument) / (Double.pi * argument)
            let ratio = center == 0 ? 0 : offset / Double(center)
            let window = Self.besselI0(beta * (max(0, 1 - ratio * ratio)).squareRoot()) * windowScale
            prototype[index] = 2 * normalizedCutoff * sinc * window
            sum += prototype[index]
        }
        // Unity gain at DC for every output sample: the taps of the `phases` sub-filters sum to `phases`.
        let gain = sum > 0 ? Double(phases) / sum : 0

        let taps = ((length + phases - 1) / phases + 7) / 8 * 8
        var coefficients = [Float](repeating: 0, count: phases * taps)
        for phase in 0..<phases {
            for tap in 0..<taps {
                let index = phase + tap * phases
                if index < length {
                    coefficients[phase * taps + (taps - 1 - tap)] = Float(prototype[index] * gain)
                }
            }
        }
        // Taps 200 dB below the largest are rounding noise of exact zeros (half-band filters).
        let largest = coefficients.reduce(Float(0)) { max($0, abs($1)) }
        var activeBlocks: [Range<Int>] = []
        for phase in 0..<phases {
            for tap in 0..<taps where abs(coefficients[phase * taps + tap]) < largest * 1e-10 {
                coefficients[phase * taps + tap] = 0
            }
            let slice = coefficients[(phase * taps)..<((phase + 1) * taps)]
            let first = slice.firstIndex { $0 != 0 }.map { ($0 - phase * taps) / 8 } ?? 0
            let last = slice.lastIndex { $0 != 0 }.map { ($0 - phase * taps) / 8 + 1 } ?? 0
            activeBlocks.append(first..<max(first, last))
        }
        self.activeBlocks = activeBlocks
        self.phases = phases
        self.tapsPerPhase = taps
        self.coefficients = coefficients
        self.delay = center
    }

    /// Kaiser's β for a given stop-band attenuation in dB.
    static func kaiserBeta(attenuation: Double) -> Double {
        if attenuation > 50 { return 0.1102 * (attenuation - 8.7) }
        if attenuation >= 21 { return 0.5842 * pow(attenuation - 21, 0.4) + 0.07886 * (attenuation - 21) }
        return 0
    }

    /// Modified Bessel function of the first kind, order 0 (power series).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0
        var term = 1.0
        let half = x / 2
        var k = 1.0
        while term > sum * 1e-16 {
            term *= (half / k) * (half / k)
            sum += term
            k += 1
        }
        return sum
    }
}
