/// A key press heard in-band: the digit and when its tone began, in milliseconds of audio
/// since the detector was created.
public struct DTMFEvent: Sendable, Equatable {
    public let digit: Character
    public let startMs: Int

    public init(digit: Character, startMs: Int) {
        self.digit = digit
        self.startMs = startMs
    }
}

/// Thresholds of `DTMFDetector`, in the terms of ITU-T Q.24 and of Asterisk's `dsp.c`.
///
/// ```swift
/// var strict = DTMFConfiguration.standard
/// strict.minimumToneDecibels = -30      // ignore faint key presses leaking from another leg
/// ```
public struct DTMFConfiguration: Sendable, Equatable {
    /// Samples per Goertzel block at 8 kHz, scaled with the detector's sample rate
    /// (102 at 8 kHz ≈ 12.75 ms, as Asterisk: fine enough to catch
    /// 40 ms tones at any alignment, long enough to separate adjacent row frequencies).
    public var blockSize: Int
    /// Each tone's level must reach this (dBFS, sine peak relative to full scale).
    public var minimumToneDecibels: Double
    /// "Normal" twist: the high (column) tone may exceed the low (row) tone by this much.
    public var normalTwistDecibels: Double
    /// "Reverse" twist: the row tone may exceed the column tone by this much.
    public var reverseTwistDecibels: Double
    /// The strongest row (column) must beat every other row (column) by this much.
    public var relativePeakDecibels: Double
    /// The two tones must carry at least this share of the block's energy: rejects speech,
    /// and, with two agreeing blocks, tones shorter than ~23 ms at any alignment (Q.24).
    public var minimumToneEnergyShare: Double
    /// Consecutive blocks agreeing on a digit before it is reported (2 blocks ≈ 25 ms).
    public var hitsToBegin: Int
    /// Consecutive blocks without it before the key counts as released.
    public var missesToEnd: Int

    public init(
        blockSize: Int = 102,
        minimumToneDecibels: Double = -40,
        normalTwistDecibels: Double = 8,
        reverseTwistDecibels: Double = 4,
        relativePeakDecibels: Double = 6,
        minimumToneEnergyShare: Double = 0.8,
        hitsToBegin: Int = 2,
        missesToEnd: Int = 2
    ) {
        self.blockSize = blockSize
        self.minimumToneDecibels = minimumToneDecibels
        self.normalTwistDecibels = normalTwistDecibels
        self.reverseTwistDecibels = reverseTwistDecibels
        self.relativePeakDecibels = relativePeakDecibels
        self.minimumToneEnergyShare = minimumToneEnergyShare
        self.hitsToBegin = hitsToBegin
        self.missesToEnd = missesToEnd
    }

    public static let standard = DTMFConfiguration()
}

/// In-band DTMF detection for PBX legs that do not send RFC 4733 / AudioSocket `0x03` digits.
///
/// Eight Goertzel filters (the 4 row and 4 column frequencies) run in one SIMD pass over
/// blocks of 102 samples that stream across frame boundaries; a block names a digit only if
/// both tones are loud enough, the twist is within Q.24 limits, each tone clearly beats its
/// group, and the pair holds most of the energy (so speech and music are rejected). A digit
/// is reported once per key press, after two agreeing blocks.
///
/// ```swift
/// var dtmf = DTMFDetector()
/// for frame in frames {
///     if let key = dtmf.process(frame) { print(key.digit, key.startMs) }
/// }
/// ```
public struct DTMFDetector: Sendable {
    /// Row (low group) then column (high group) frequencies in Hz.
    public static let frequencies: [Double] = [697, 770, 852, 941, 1209, 1336, 1477, 1633]
    /// Keypad layout: `keypad[row][column]`.
    public static let keypad: [[Character]] = [
        ["1", "2", "3", "A"],
        ["4", "5", "6", "B"],
        ["7", "8", "9", "C"],
        ["*", "0", "#", "D"],
    ]

    public let configuration: DTMFConfiguration
    private let sampleRate: Int
    private let thresholds: Thresholds
    private var bank: GoertzelBank
    private var samplesSeen = 0
    private var blockStartSample = 0
    private var candidate: Character?
    private var candidateHits = 0
    private var candidateStartSample = 0
    private var active: Character?
    private var misses = 0

    public init(sampleRate: Int = TelephoneAudio.sampleRate, configuration: DTMFConfiguration = .standard) {
        self.configuration = configuration
        let rate = sampleRate > 0 ? sampleRate : TelephoneAudio.sampleRate
        bank = GoertzelBank(frequencies: Self.frequencies, sampleRate: Double(rate))
        self.sampleRate = rate
        thresholds = Thresholds(configuration)
    }

    /// Configuration decibels turned into power ratios once, not per block.
    private struct Thresholds: Sendable {
        let minimumPowerPerSample: Float
        let normalTwist: Float
        let reverseTwist: Float
        let relativePeak: Float
        let energyShare: Float

        init(_ c: DTMFConfiguration) {
            // A full-scale sine (peak 32768) has power 32768²/2 per sample in GoertzelBank units.
            minimumPowerPerSample = Float(32_768.0 * 32_768.0 / 2 * power10(c.minimumToneDecibels / 10))
            normalTwist = Float(power10(c.normalTwistDecibels / 10))
            reverseTwist = Float(power10(c.reverseTwistDecibels / 10))
            relativePeak = Float(power10(c.relativePeakDecibels / 10))
            energyShare = Float(c.minimumToneEnergyShare)
        }
    }

    /// Feeds one frame (any length). Returns a digit when a key press is first confirmed;
    /// if one frame confirms two presses (only with tiny blocks), the first is returned.
    public mutating func process(_ frame: [Int16]) -> DTMFEvent? {
        var event: DTMFEvent?
        // `blockSize` is given for 8 kHz; keep the same duration at other rates.
        let blockSize = max(configuration.blockSize * sampleRate / TelephoneAudio.sampleRate, 8)
        frame.withUnsafeBufferPointer { buffer in
            for sample in buffer {
                bank.feed(Float(sample))
                samplesSeen += 1
                if bank.count >= blockSize {
                    let digit = classify(bank.finishBlock())
                    if let found = advance(with: digit), event == nil { event = found }
                    blockStartSample = samplesSeen
                }
            }
        }
        return event
    }

    /// Per-block decision: which digit, if any, the block carries.
    private func classify(_ block: GoertzelBank.Block) -> Character? {
        let t = thresholds
        let rows = block.powers.lowHalf
        let cols = block.powers.highHalf
        let (bestRow, rowPower) = Self.argmax(rows)
        let (bestCol, colPower) = Self.argmax(cols)
        let minimum = t.minimumPowerPerSample * Float(block.sampleCount)
        guard rowPower >= minimum, colPower >= minimum,
              colPower <= rowPower * t.normalTwist, rowPower <= colPower * t.reverseTwist else { return nil }
        for index in 0..<4 {
            if index != bestRow, rows[index] * t.relativePeak > rowPower { return nil }
            if index != bestCol, cols[index] * t.relativePeak > colPower { return nil }
        }
        guard rowPower + colPower >= t.energyShare * block.energy else { return nil }
        return Self.keypad[bestRow][bestCol]
    }

    /// Debounce: `hitsToBegin` agreeing blocks start a press, `missesToEnd` others end it.
    private mutating func advance(with digit: Character?) -> DTMFEvent? {
        // The run of identical block decisions.
        if let digit, digit == candidate {
            candidateHits += 1
        } else {
            candidate = digit
            candidateHits = digit == nil ? 0 : 1
            candidateStartSample = blockStartSample
        }
        // Release the held key after enough blocks without it.
        if let held = active {
            if digit == held {
                misses = 0
                return nil
            }
            misses += 1
            if misses >= configuration.missesToEnd { active = nil }
        }
        // A new key (or another one while the old is fading) once its run is long enough.
        guard let key = candidate, key != active, candidateHits >= max(configuration.hitsToBegin, 1) else { return nil }
        active = key
        misses = 0
        return DTMFEvent(digit: key, startMs: candidateStartSample * 1_000 / sampleRate)
    }

    private static func argmax(_ values: SIMD4<Float>) -> (Int, Float) {
        var best = 0
        for index in 1..<4 where values[index] > values[best] { best = index }
        return (best, values[best])
    }
}

/// 10^x for the few configuration constants (no Foundation in the pure core).
func power10(_ x: Double) -> Double {
    // exp(x·ln10) by squaring a short Taylor series of a small argument.
    let y = x * 2.302_585_092_994_045_7
    let halvings = 10
    let small = y / Double(1 << halvings)
    var term = 1.0
    var sum = 1.0
    for k in 1...10 {
        term *= small / Double(k)
        sum += term
    }
    for _ in 0..<halvings { sum *= sum }
    return sum
}
