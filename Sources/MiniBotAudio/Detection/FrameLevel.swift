/// Level measurements of one block of 16-bit samples, shared by the detectors so they all
/// agree on what "loud" means.
///
/// Two measures, because two traditions meet here: Asterisk's DSP silence detector (and so
/// `app_amd`) compares the *mean absolute amplitude* with a threshold such as 256, while the
/// VAD works on *energy in dBFS*, which is what noise floors and SNRs are expressed in.
/// ```swift
/// let level = FrameLevel(frame)      // one pass over the samples
/// level.meanAbsolute                 // 0…32768, Asterisk's "average energy"
/// level.decibelsFullScale            // −100…0 dBFS (digital silence clamps to −100)
/// ```
public struct FrameLevel: Sendable, Equatable {
    /// Mean of |sample|, as Asterisk's `ast_dsp_silence` computes it (integer division).
    public let meanAbsolute: Int
    /// Mean square of the samples, in Int16 units squared.
    public let meanSquare: Double
    /// Number of samples measured.
    public let sampleCount: Int

    /// Floor reported for an empty or all-zero block, so logarithms never see zero.
    public static let silenceFloorDecibels = -100.0

    public init(_ samples: [Int16]) {
        var absSum = 0
        var squareSum: Int64 = 0
        samples.withUnsafeBufferPointer { buffer in
            for sample in buffer {
                let value = Int(sample)
                absSum &+= value < 0 ? -value : value
                squareSum &+= Int64(value * value)
            }
        }
        sampleCount = samples.count
        meanAbsolute = samples.isEmpty ? 0 : absSum / samples.count
        meanSquare = samples.isEmpty ? 0 : Double(squareSum) / Double(samples.count)
    }

    /// Energy relative to a full-scale square wave (32768²), clamped at `silenceFloorDecibels`.
    public var decibelsFullScale: Double {
        let ratio = meanSquare / (32_768.0 * 32_768.0)
        guard ratio > 1e-10 else { return Self.silenceFloorDecibels }
        return max(Self.silenceFloorDecibels, 10 * log10Approximation(ratio))
    }
}

/// `log10` without Foundation, so the pure core imports nothing: natural log via the
/// standard library's `Double` bit pattern (exponent) plus a short series for the mantissa.
/// Accurate to ~1e-7, far below the 0.1 dB that any threshold here cares about.
@inline(__always)
func log10Approximation(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return x == 0 ? -.infinity : .nan }
    let exponent = Double(x.exponent)          // x = m · 2^e, m in [1, 2)
    let mantissa = x.significand
    // ln(m) with m in [1,2): use atanh series on t = (m-1)/(m+1), |t| ≤ 1/3.
    let t = (mantissa - 1) / (mantissa + 1)
    let t2 = t * t
    var term = t
    var sum = 0.0
    var k = 1.0
    for _ in 0..<12 {
        sum += term / k
        term *= t2
        k += 2
    }
    let lnMantissa = 2 * sum
    let ln2 = 0.693_147_180_559_945_3
    let ln10 = 2.302_585_092_994_045_7
    return (lnMantissa + exponent * ln2) / ln10
}
