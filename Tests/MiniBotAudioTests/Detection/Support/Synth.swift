import Foundation

/// Deterministic synthetic signals for unit tests: sines, dual tones, Gaussian noise from a
/// seeded generator (so no test depends on chance or on external tools).
struct SeededNoise {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    mutating func gaussian() -> Double {
        let u1 = max(uniform(), 1e-12), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    mutating func samples(count: Int, rms: Double) -> [Int16] {
        (0..<count).map { _ in Signal.clamp(gaussian() * rms) }
    }
}

enum Synth {
    /// Sum of sines, each with peak `amplitude` (Int16 units), `ms` long, from sample phase `phase`.
    static func tones(_ frequencies: [Double], amplitude: Double, ms: Int, startPhase: Double = 0) -> [Int16] {
        let count = ms * 8
        return (0..<count).map { n in
            let t = Double(n) / 8_000
            return Signal.clamp(frequencies.reduce(0) { $0 + amplitude * sin(2 * .pi * $1 * t + startPhase) })
        }
    }

    /// Row/column frequencies of a keypad digit.
    static func dtmfFrequencies(_ digit: Character) -> [Double]? {
        let keys: [Character] = ["1", "2", "3", "A", "4", "5", "6", "B", "7", "8", "9", "C", "*", "0", "#", "D"]
        guard let index = keys.firstIndex(of: digit) else { return nil }
        return [[697.0, 770, 852, 941][index / 4], [1209.0, 1336, 1477, 1633][index % 4]]
    }

    /// A DTMF tone whose combined peak is `peakDBFS` (each tone at half the amplitude).
    static func dtmf(_ digit: Character, ms: Int, peakDBFS: Double = -20) -> [Int16] {
        let amplitude = 32_768 * pow(10, peakDBFS / 20) / 2
        return tones(dtmfFrequencies(digit) ?? [], amplitude: amplitude, ms: ms)
    }

    /// A 50 %-duty square wave, a crude loud "voice" for AMD/VAD state tests (mean |x| = amplitude).
    static func square(amplitude: Int16, ms: Int, periodSamples: Int = 20) -> [Int16] {
        (0..<(ms * 8)).map { ($0 / (periodSamples / 2)) % 2 == 0 ? amplitude : -amplitude }
    }
}
