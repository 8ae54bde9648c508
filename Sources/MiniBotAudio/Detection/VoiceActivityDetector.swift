/// Tuning of `VoiceActivityDetector`. Telephone lines carry a noise floor that changes from
/// call to call (mobile, VoIP comfort noise, a street), so thresholds are *margins above an
/// adaptive noise floor* rather than fixed levels.
///
/// ```swift
/// var config = VADConfiguration.telephone
/// config.startMarginDecibels = 12     // less sensitive: ignore louder background chatter
/// var vad = VoiceActivityDetector(config)
/// ```
public struct VADConfiguration: Sendable, Equatable {
    /// A frame opens speech when its energy exceeds the noise floor by this much (dB).
    public var startMarginDecibels: Double
    /// Once in speech, a frame continues it when above the floor by this much (dB, hysteresis).
    public var continueMarginDecibels: Double
    /// Frames quieter than this (dBFS) are never speech, whatever the floor.
    public var absoluteFloorDecibels: Double
    /// Non-speech frames still reported as speech after the last speech frame (covers word tails).
    public var hangoverFrames: Int
    /// How fast the floor follows the level while not in speech (0…1 per frame; the floor
    /// always drops at once to a quieter frame).
    public var floorAdaptation: Double
    /// Slow creep of the floor during speech (dB per frame), so a sudden lasting rise of the
    /// background is eventually accepted as noise instead of endless speech.
    public var floorCreepDecibelsPerFrame: Double
    /// Floor assumed before any audio is seen (dBFS).
    public var initialFloorDecibels: Double

    public init(
        startMarginDecibels: Double = 9,
        continueMarginDecibels: Double = 5,
        absoluteFloorDecibels: Double = -55,
        hangoverFrames: Int = 3,
        floorAdaptation: Double = 0.05,
        floorCreepDecibelsPerFrame: Double = 0.02,
        initialFloorDecibels: Double = -60
    ) {
        self.startMarginDecibels = startMarginDecibels
        self.continueMarginDecibels = continueMarginDecibels
        self.absoluteFloorDecibels = absoluteFloorDecibels
        self.hangoverFrames = hangoverFrames
        self.floorAdaptation = floorAdaptation
        self.floorCreepDecibelsPerFrame = floorCreepDecibelsPerFrame
        self.initialFloorDecibels = initialFloorDecibels
    }

    /// Defaults measured on espeak-ng French speech in silence and in 300–3400 Hz noise at
    /// 15–20 dB SNR (see `VADAccuracyTests`).
    public static let telephone = VADConfiguration()
}

/// Streaming energy VAD for 8 kHz telephone audio: one decision per 20 ms frame, no clock.
///
/// Why energy with an adaptive floor and not a model: it costs well under a microsecond per
/// frame, behaves predictably on G.711 lines, and the noise on a phone line is in the speech
/// band anyway, so spectral tricks buy little. The floor follows quiet frames, hysteresis
/// (start vs continue margin) avoids chattering, and a short hangover keeps word tails.
///
/// ```swift
/// var vad = VoiceActivityDetector()
/// for frame in frames {                // [Int16] × 160
///     if vad.isSpeech(frame) { … }     // barge-in, endpointing…
/// }
/// ```
/// Frames of any length are accepted (the decision uses per-sample energy); an empty frame
/// is "not speech" and leaves the state untouched.
public struct VoiceActivityDetector: Sendable {
    public let configuration: VADConfiguration
    /// Current noise-floor estimate (dBFS).
    public private(set) var noiseFloorDecibels: Double
    /// Speech decision before hangover, for the last frame (the endpointer uses it to date
    /// the end of speech precisely).
    public private(set) var lastFrameWasRawSpeech = false
    private var inSpeech = false
    private var hangoverLeft = 0
    private var framesSeen = 0
    /// Minimum-statistics guard: minima of the last four windows of `minimumWindowFrames`.
    private var windowMinima = SIMD4<Double>(repeating: .infinity)
    private var currentWindowMinimum = Double.infinity
    private var framesInWindow = 0
    /// 25 frames × 4 windows ≈ 2 s: after that long, the floor is at least the quietest recent frame.
    static let minimumWindowFrames = 25

    public init(_ configuration: VADConfiguration = .telephone) {
        self.configuration = configuration
        noiseFloorDecibels = configuration.initialFloorDecibels
    }

    /// Classifies one frame and updates the noise floor.
    public mutating func isSpeech(_ frame: [Int16]) -> Bool {
        guard !frame.isEmpty else { return false }
        return isSpeech(level: FrameLevel(frame))
    }

    /// Same as `isSpeech(_:)` for a level already measured (lets a chain measure once).
    public mutating func isSpeech(level: FrameLevel) -> Bool {
        guard level.sampleCount > 0 else { return false }
        let energy = level.decibelsFullScale
        let config = configuration
        if framesSeen == 0 {
            // Calls open on background far more often than on speech: the first frame is the
            // floor. If it was speech after all, the first quieter frame pulls the floor down.
            noiseFloorDecibels = energy
        }
        framesSeen &+= 1

        let margin = inSpeech ? config.continueMarginDecibels : config.startMarginDecibels
        let raw = energy > config.absoluteFloorDecibels && energy > noiseFloorDecibels + margin
        lastFrameWasRawSpeech = raw

        // Floor tracking: drop at once to quieter frames, follow slowly otherwise.
        if energy < noiseFloorDecibels {
            noiseFloorDecibels = energy
        } else if raw {
            noiseFloorDecibels += config.floorCreepDecibelsPerFrame
        } else {
            noiseFloorDecibels += config.floorAdaptation * (energy - noiseFloorDecibels)
        }
        trackMinimum(energy)

        if raw {
            inSpeech = true
            hangoverLeft = config.hangoverFrames
            return true
        }
        if inSpeech, hangoverLeft > 0 {
            hangoverLeft -= 1
            return true
        }
        inSpeech = false
        return false
    }

    /// Keeps the floor from staying stuck below the background after a transient quiet spell
    /// (digital silence, a muted leg): the floor is never below the quietest frame of the
    /// last ~2 s once that much audio has been seen.
    private mutating func trackMinimum(_ energy: Double) {
        currentWindowMinimum = min(currentWindowMinimum, energy)
        framesInWindow += 1
        guard framesInWindow >= Self.minimumWindowFrames else { return }
        windowMinima = SIMD4(windowMinima[1], windowMinima[2], windowMinima[3], currentWindowMinimum)
        currentWindowMinimum = .infinity
        framesInWindow = 0
        let recentMinimum = windowMinima.min()
        if recentMinimum.isFinite, noiseFloorDecibels < recentMinimum {
            noiseFloorDecibels = recentMinimum
        }
    }

    /// Forgets the floor and any speech in progress (e.g. at a new call leg).
    public mutating func reset() {
        self = VoiceActivityDetector(configuration)
    }
}
