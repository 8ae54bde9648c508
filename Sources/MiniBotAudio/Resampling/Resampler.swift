/// Sample-rate conversion between any two rates (8/16/22.05/24/44.1/48 kHz and the rest),
/// streaming frame by frame: a polyphase windowed-sinc (Kaiser) filter for the exact
/// rational ratio `to/from`, anti-aliased on the way down and anti-imaged on the way up.
///
/// Quality: the transition band is ±2.5 % around the lower Nyquist frequency (3.9–4.1 kHz
/// for telephone audio) with 80 dB of stop-band attenuation and ≤ 0.001 dB of pass-band
/// ripple, so everything a phone can carry is kept and no image or alias above 4.1 kHz
/// survives. (Only the 4.0–4.1 kHz sliver, above the 3.4 kHz telephone band, may fold.)
///
/// The output is delay-compensated: output sample `n` is the signal at input time
/// `n × from / to`. That makes the resampler hold back `lookahead` input samples, so the
/// first frames come out shorter; `flush()` drains them at the end of the stream. Chunked
/// processing plus `flush()` gives the same samples as `resample(_:from:to:)` on the whole.
/// ```swift
/// var up = Resampler(from: 8_000, to: 16_000)
/// for frame in frames { send(up.process(frame)) }   // ≈ 320 samples per 160 in
/// send(up.flush())
/// let prompt8k = Resampler.resample(prompt48k, from: 48_000, to: 8_000)
/// ```
/// Rates must be positive: with a zero or negative rate the resampler outputs nothing.
public struct Resampler: Sendable {
    /// Ratios whose reduced interpolation factor exceeds this use a `maximumPhases`-phase
    /// table with the nearest lower phase (timing error under 1/(maximumPhases × from) s).
    public static let maximumPhases = 1_024

    public let inputRate: Int
    public let outputRate: Int
    /// Interpolation factor L and decimation factor M of the reduced ratio L/M = to/from.
    let up: Int
    let down: Int
    let filter: KaiserLowpass
    /// Pending input as Float, starting `tapsPerPhase - 1` samples before the next one needed.
    var pending: [Float]
    /// Position of the next output on the L-times upsampled grid, relative to `pending[0]`.
    var position: Int
    var inputCount = 0
    var outputCount = 0
    let mode: Mode

    enum Mode: Sendable { case identity, invalid, filter }

    public init(from inputRate: Int, to outputRate: Int) {
        self.inputRate = inputRate
        self.outputRate = outputRate
        guard inputRate > 0, outputRate > 0 else {
            (up, down, mode) = (1, 1, .invalid)
            filter = KaiserLowpass(phases: 1, inputRate: 1, cutoff: 0.25, transition: 0.25, attenuation: 20)
            pending = []
            position = 0
            return
        }
        let divisor = Self.greatestCommonDivisor(inputRate, outputRate)
        up = outputRate / divisor
        down = inputRate / divisor
        mode = up == down ? .identity : .filter
        let nyquist = Double(min(inputRate, outputRate)) / 2
        filter = mode == .identity
            ? KaiserLowpass(phases: 1, inputRate: 1, cutoff: 0.25, transition: 0.25, attenuation: 20)
            : KaiserLowpass(phases: min(up, Self.maximumPhases), inputRate: inputRate,
                            cutoff: nyquist, transition: nyquist * 0.05, attenuation: 80)
        pending = []
        position = 0
        reset()
    }

    /// Input samples held back before their outputs can be computed (the filter's half length).
    public var lookahead: Double { Double(filter.delay) / Double(filter.phases) }

    /// Resamples the next chunk of a stream; any chunk size, including empty.
    public mutating func process(_ samples: [Int16]) -> [Int16] {
        switch mode {
        case .identity:
            inputCount += samples.count
            outputCount += samples.count
            return samples
        case .invalid:
            return []
        case .filter:
            inputCount += samples.count
            pending.reserveCapacity(pending.count + samples.count)
            for sample in samples { pending.append(Float(sample)) }
            var output: [Int16] = []
            output.reserveCapacity(samples.count * up / down + 2)
            produce(into: &output)
            outputCount += output.count
            discardConsumedInput()
            return output
        }
    }

    /// Ends the stream: returns the held-back outputs so that the total output length is
    /// `round(inputs × to / from)`, then resets for a new stream.
    public mutating func flush() -> [Int16] {
        guard mode == .filter else {
            inputCount = 0
            outputCount = 0
            return []
        }
        let expected = (inputCount * up * 2 + down) / (2 * down)
        let missing = expected - outputCount
        var output: [Int16] = []
        if missing > 0 {
            output.reserveCapacity(missing + up)
            let silence = [Float](repeating: 0, count: filter.tapsPerPhase + 2)
            var rounds = 0
            while output.count < missing, rounds < 4 {
                pending.append(contentsOf: silence)
                produce(into: &output)
                discardConsumedInput()
                rounds += 1
            }
            if output.count > missing { output.removeLast(output.count - missing) }
        }
        reset()
        return output
    }

    /// Resamples a whole signal: `round(count × to / from)` samples, delay-compensated.
    public static func resample(_ samples: [Int16], from inputRate: Int, to outputRate: Int) -> [Int16] {
        var resampler = Resampler(from: inputRate, to: outputRate)
        return resampler.process(samples) + resampler.flush()
    }

    /// Back to the state of a new stream (silence before the first sample).
    mutating func reset() {
        inputCount = 0
        outputCount = 0
        guard mode == .filter else { return }
        let history = filter.tapsPerPhase - 1
        pending = [Float](repeating: 0, count: history)
        // Compensate the group delay: output 0 is computed `delay` prototype samples after input 0.
        let delayOnGrid = (filter.delay * up + filter.phases / 2) / filter.phases
        position = history * up + delayOnGrid
    }

    static func greatestCommonDivisor(_ a: Int, _ b: Int) -> Int {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}
