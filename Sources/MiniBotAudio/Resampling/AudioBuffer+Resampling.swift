/// Whole-buffer rate conversion that keeps the channel layout, for file preparation
/// (`audio prepare`: decode, mono, resample to 8 kHz, normalise, encode).
/// ```swift
/// let (music, _) = try WAV.read(path: "attente.wav")          // 44.1 kHz stereo
/// let phone = music.mono().resampled(to: 8_000)               // 8 kHz mono
/// ```
extension AudioBuffer {
    /// The same audio at `rate`, each channel resampled on its own (delay-compensated,
    /// `round(frames × rate / sampleRate)` frames). Empty when either rate is not positive.
    public func resampled(to rate: Int) -> AudioBuffer {
        if rate == sampleRate { return self }
        guard channels > 0 else { return AudioBuffer(sampleRate: rate, channels: channels, samples: []) }
        if channels == 1 {
            return AudioBuffer(sampleRate: rate, channels: 1, samples: Resampler.resample(samples, from: sampleRate, to: rate))
        }
        let converted = (0..<channels).map { Resampler.resample(channel($0), from: sampleRate, to: rate) }
        let frames = converted.map(\.count).min() ?? 0
        var interleaved = [Int16](repeating: 0, count: frames * channels)
        for (channel, samples) in converted.enumerated() {
            for frame in 0..<frames { interleaved[frame * channels + channel] = samples[frame] }
        }
        return AudioBuffer(sampleRate: rate, channels: channels, samples: interleaved)
    }
}
