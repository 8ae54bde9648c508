/// The answering machine's "bip": a sustained pure tone, reported once when it has lasted
/// `minimumDurationMs`. The dialler waits for it before playing a voicemail message, so the
/// message is not cut by the greeting.
public struct BeepEvent: Sendable, Equatable {
    /// Frequency of the strongest filter (Hz).
    public let frequency: Int
    /// Start of the tone in milliseconds of audio since the detector was created.
    public let startMs: Int
}

/// Tuning of `BeepDetector`.
///
/// ```swift
/// var config = BeepConfiguration.standard
/// config.minimumDurationMs = 200         // stricter: ignore short chimes in music
/// ```
public struct BeepConfiguration: Sendable, Equatable {
    /// Candidate beep frequencies (Hz): up to 8, voicemail beeps sit between 400 and 2000 Hz.
    public var frequencies: [Double]
    /// Samples per analysis block (80 = 10 ms: filters ±100 Hz wide, so a beep within about
    /// ±30 Hz of a listed frequency keeps ≥ 70 % of its energy in that filter).
    public var blockSize: Int
    /// The tone must carry at least this share of the block energy (a pure tone: ~1).
    public var minimumToneEnergyShare: Double
    /// The tone's level must reach this (dBFS, sine peak relative to full scale).
    public var minimumToneDecibels: Double
    /// How long the tone must last before it is reported.
    public var minimumDurationMs: Int

    public init(
        frequencies: [Double] = [440, 600, 800, 950, 1_000, 1_100, 1_400, 2_000],
        blockSize: Int = 80,
        minimumToneEnergyShare: Double = 0.7,
        minimumToneDecibels: Double = -40,
        minimumDurationMs: Int = 120
    ) {
        self.frequencies = frequencies
        self.blockSize = blockSize
        self.minimumToneEnergyShare = minimumToneEnergyShare
        self.minimumToneDecibels = minimumToneDecibels
        self.minimumDurationMs = minimumDurationMs
    }

    public static let standard = BeepConfiguration()
}

/// Streaming beep detection with eight Goertzel filters (see `GoertzelBank`). A block
/// counts when one filter holds most of the energy; consecutive blocks on the same filter
/// accumulate until `minimumDurationMs`. Beeps more than ~30 Hz away from every listed
/// frequency are missed: list the ones your carriers use.
///
/// ```swift
/// var beep = BeepDetector()
/// for frame in frames {
///     if let found = beep.process(frame) { playVoicemailMessage(after: found.startMs) }
/// }
/// ```
/// DTMF (two tones, each ~½ of the energy) and speech (many harmonics) do not qualify.
public struct BeepDetector: Sendable {
    public let configuration: BeepConfiguration
    private var bank: GoertzelBank
    private let frequencies: [Double]
    /// Minimum tone power per sample, in `GoertzelBank` units (a full-scale sine: 32768²/2).
    private let minimumPowerPerSample: Float
    private var samplesSeen = 0
    private var blockStartSample = 0
    private var runStartSample: Int?
    private var runSamples = 0
    private var reported = false
    private var lastLane = -1

    public init(_ configuration: BeepConfiguration = .standard) {
        self.configuration = configuration
        frequencies = Array(configuration.frequencies.prefix(8))
        minimumPowerPerSample = Float(32_768.0 * 32_768.0 / 2 * power10(configuration.minimumToneDecibels / 10))
        bank = GoertzelBank(frequencies: frequencies, sampleRate: Double(TelephoneAudio.sampleRate))
    }

    /// Feeds one frame (any length); returns the beep once, when it has lasted long enough.
    public mutating func process(_ frame: [Int16]) -> BeepEvent? {
        var event: BeepEvent?
        let blockSize = max(configuration.blockSize, 16)
        frame.withUnsafeBufferPointer { buffer in
            for sample in buffer {
                bank.feed(Float(sample))
                samplesSeen += 1
                if bank.count >= blockSize {
                    if let found = advance(lane: toneLane(bank.finishBlock())), event == nil { event = found }
                    blockStartSample = samplesSeen
                }
            }
        }
        return event
    }

    private func toneLane(_ block: GoertzelBank.Block) -> Int? {
        guard !frequencies.isEmpty, block.energy > 0 else { return nil }
        var best = 0
        for lane in 1..<frequencies.count where block.powers[lane] > block.powers[best] { best = lane }
        let power = block.powers[best]
        guard power >= minimumPowerPerSample * Float(block.sampleCount),
              power >= Float(configuration.minimumToneEnergyShare) * block.energy else { return nil }
        return best
    }

    private mutating func advance(lane: Int?) -> BeepEvent? {
        guard let lane else {
            runStartSample = nil
            runSamples = 0
            reported = false
            lastLane = -1
            return nil
        }
        if runStartSample == nil || lane != lastLane {
            runStartSample = blockStartSample
            runSamples = 0
            reported = false
        }
        lastLane = lane
        runSamples += samplesSeen - blockStartSample
        guard !reported, let start = runStartSample,
              runSamples * 1_000 / TelephoneAudio.sampleRate >= configuration.minimumDurationMs else { return nil }
        reported = true
        return BeepEvent(frequency: Int(frequencies[lane]), startMs: start * 1_000 / TelephoneAudio.sampleRate)
    }
}
