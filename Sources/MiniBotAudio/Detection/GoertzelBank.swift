/// Eight Goertzel filters run side by side in SIMD lanes: the cheapest way to measure the
/// power at a handful of known frequencies (DTMF, a 1 kHz beep) without an FFT.
///
/// ```swift
/// var bank = GoertzelBank(frequencies: [697, 770, 852, 941, 1209, 1336, 1477, 1633], sampleRate: 8000)
/// for sample in block { bank.feed(Float(sample)) }
/// let block = bank.finishBlock()   // powers per frequency + total energy; bank restarts
/// ```
/// Powers are scaled so that a sine of amplitude `A` exactly on a filter's frequency over
/// `n` samples gives `A²·n/2`, the same units as `energy` (Σ x²): ratios are energy shares.
struct GoertzelBank: Sendable {
    struct Block: Sendable {
        var powers: SIMD8<Float>
        var energy: Float
        var sampleCount: Int
    }

    private let coefficients: SIMD8<Float>
    private var s1 = SIMD8<Float>(repeating: 0)
    private var s2 = SIMD8<Float>(repeating: 0)
    private var energy: Float = 0
    private(set) var count = 0

    /// `frequencies`: up to 8 (missing lanes are unused, extra ones ignored).
    init(frequencies: [Double], sampleRate: Double) {
        var coefficients = SIMD8<Float>(repeating: 0)
        for (lane, frequency) in frequencies.prefix(8).enumerated() {
            coefficients[lane] = Float(2 * cosine(2 * Double.pi * frequency / sampleRate))
        }
        self.coefficients = coefficients
    }

    @inline(__always)
    mutating func feed(_ x: Float) {
        let s0 = coefficients * s1 - s2 + SIMD8(repeating: x)
        s2 = s1
        s1 = s0
        energy += x * x
        count += 1
    }

    /// Power per lane for the samples fed since the last call, then restarts the filters.
    mutating func finishBlock() -> Block {
        let magnitude = s1 * s1 + s2 * s2 - coefficients * s1 * s2
        let n = Float(max(count, 1))
        let block = Block(powers: magnitude * (2 / n), energy: energy, sampleCount: count)
        s1 = .init(repeating: 0)
        s2 = .init(repeating: 0)
        energy = 0
        count = 0
        return block
    }
}

/// cos(x) by a Taylor series after range reduction (setup-time only; no Foundation here).
func cosine(_ x: Double) -> Double {
    let twoPi = 2 * Double.pi
    var r = x - (x / twoPi).rounded(.down) * twoPi     // [0, 2π)
    if r > Double.pi { r -= twoPi }                      // (−π, π]
    let r2 = r * r
    var term = 1.0
    var sum = 1.0
    for k in stride(from: 2, through: 40, by: 2) {
        term *= -r2 / Double((k - 1) * k)
        sum += term
    }
    return sum
}
