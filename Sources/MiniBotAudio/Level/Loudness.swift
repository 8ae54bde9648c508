import Foundation

/// Levels in dB relative to full scale, and the gain changes `audio prepare` applies so
/// every prompt sounds equally loud on the phone (the seed's "peak −3 dB, RMS −18 dB").
///
/// Full scale is 32767: a sample of ±32767 is 0 dBFS peak, a full-scale sine is
/// −3.01 dBFS RMS (the sine's RMS is 1/√2 of its peak). Silence is `-infinity`.
/// ```swift
/// Loudness.peakDBFS(prompt)                          // e.g. -0.4
/// let ready = Loudness.normalize(prompt)             // RMS toward -18, peak never above -3
/// let quieter = Loudness.applyGain(prompt, decibels: -6)
/// ```
public enum Loudness {
    /// Full-scale reference amplitude.
    public static let fullScale = 32_767.0

    /// Highest absolute sample in dBFS; `-infinity` for silence or no samples.
    public static func peakDBFS(_ samples: [Int16]) -> Double {
        // Track the extremes in Int16 (vectorises); |Int16.min| only fits in Int.
        var lowest: Int16 = 0
        var highest: Int16 = 0
        samples.withUnsafeBufferPointer { input in
            for sample in input {
                lowest = min(lowest, sample)
                highest = max(highest, sample)
            }
        }
        return decibels(Double(max(Int(highest), -Int(lowest))))
    }

    /// Root mean square in dBFS; `-infinity` for silence or no samples.
    public static func rmsDBFS(_ samples: [Int16]) -> Double {
        guard !samples.isEmpty else { return -.infinity }
        var sumOfSquares: Int64 = 0
        samples.withUnsafeBufferPointer { input in
            for sample in input {
                let value = Int64(sample)
                sumOfSquares &+= value &* value
            }
        }
        return decibels((Double(sumOfSquares) / Double(samples.count)).squareRoot())
    }

    /// The samples scaled by `decibels` (+6.02 dB doubles), rounded, saturating at ±32767/−32768.
    public static func applyGain(_ samples: [Int16], decibels: Double) -> [Int16] {
        scale(samples, by: pow(10, decibels / 20))
    }

    /// Gain toward the RMS target, limited so the peak never exceeds `peakDBFS` (give or take
    /// the final rounding to integers, under 0.001 dB at −3 dBFS). Silence is returned unchanged.
    public static func normalize(_ samples: [Int16], peakDBFS: Double = -3, rmsDBFS: Double = -18) -> [Int16] {
        let peak = self.peakDBFS(samples)
        let rms = self.rmsDBFS(samples)
        guard peak.isFinite, rms.isFinite else { return samples }
        let gain = min(rmsDBFS - rms, peakDBFS - peak)
        return applyGain(samples, decibels: gain)
    }

    static func decibels(_ amplitude: Double) -> Double {
        amplitude > 0 ? 20 * log10(amplitude / fullScale) : -.infinity
    }

    static func scale(_ samples: [Int16], by factor: Double) -> [Int16] {
        [Int16](unsafeUninitializedCapacity: samples.count) { output, initialized in
            samples.withUnsafeBufferPointer { input in
                for index in input.indices {
                    output[index] = saturating(Double(input[index]) * factor)
                }
            }
            initialized = samples.count
        }
    }

    /// Nearest Int16 (half away from zero), saturating at the rails.
    @inline(__always)
    static func saturating(_ value: Double) -> Int16 {
        let clamped = min(max(value, -32_768), 32_767)
        return Int16(clamped + (clamped < 0 ? -0.5 : 0.5))
    }
}
