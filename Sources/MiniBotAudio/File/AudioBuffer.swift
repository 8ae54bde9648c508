/// Interleaved signed 16-bit PCM with its format: what a WAV file holds once decoded,
/// and what the resampler, loudness and recording code work on.
///
/// Frames are interleaved (`L R L R …` for stereo). The type does not police its fields:
/// a buffer with zero channels simply has no frames.
/// ```swift
/// let call = AudioBuffer.interleave(left: caller, right: bot, sampleRate: 8_000)
/// let speech = call.mono()                 // average of both sides
/// print(call.duration)                     // seconds
/// ```
public struct AudioBuffer: Sendable, Equatable {
    /// Frames per second.
    public var sampleRate: Int
    /// Samples per frame.
    public var channels: Int
    /// Interleaved samples, `frameCount * channels` of them.
    public var samples: [Int16]

    public init(sampleRate: Int, channels: Int, samples: [Int16]) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.samples = samples
    }

    /// Whole frames in `samples` (a trailing partial frame is not counted).
    public var frameCount: Int { channels > 0 ? samples.count / channels : 0 }

    /// Length in seconds (0 when the rate is not positive).
    public var duration: Double {
        sampleRate > 0 ? Double(frameCount) / Double(sampleRate) : 0
    }

    /// One channel per frame: the average of all channels, rounded to nearest.
    public func mono() -> AudioBuffer {
        if channels == 1 { return self }
        let frames = frameCount
        let width = channels
        let mixed = [Int16](unsafeUninitializedCapacity: frames) { output, initialized in
            samples.withUnsafeBufferPointer { input in
                for frame in 0..<frames {
                    var sum = 0
                    for channel in 0..<width { sum += Int(input[frame * width + channel]) }
                    // Round half away from zero so symmetric signals stay symmetric.
                    let half = width / 2
                    output[frame] = Int16((sum >= 0 ? sum + half : sum - half) / width)
                }
            }
            initialized = frames
        }
        return AudioBuffer(sampleRate: sampleRate, channels: 1, samples: mixed)
    }

    /// The samples of channel `index` (0 = left); empty when `index` is out of range.
    public func channel(_ index: Int) -> [Int16] {
        guard index >= 0, index < channels else { return [] }
        if channels == 1 { return samples }
        return (0..<frameCount).map { samples[$0 * channels + index] }
    }

    /// A stereo buffer from two mono signals, the shorter padded with silence
    /// (how call recordings put the caller left and the bot right).
    public static func interleave(left: [Int16], right: [Int16], sampleRate: Int) -> AudioBuffer {
        let frames = max(left.count, right.count)
        var samples = [Int16](repeating: 0, count: frames * 2)
        for (index, sample) in left.enumerated() { samples[2 * index] = sample }
        for (index, sample) in right.enumerated() { samples[2 * index + 1] = sample }
        return AudioBuffer(sampleRate: sampleRate, channels: 2, samples: samples)
    }
}
