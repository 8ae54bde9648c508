/// Constants of narrow-band telephone audio, the format every PBX leg in MiniBotPanel
/// speaks: signed 16-bit linear PCM, 8 kHz, mono, cut into 20 ms frames.
///
/// Keeping them in one place stops the "160 vs 320" confusion (samples vs bytes):
/// ```swift
/// let frame = [Int16](repeating: 0, count: TelephoneAudio.samplesPerFrame) // 160 samples, 320 bytes
/// ```
public enum TelephoneAudio {
    /// Sample rate of G.711 and AudioSocket `0x10` frames.
    public static let sampleRate = 8_000
    /// Duration of one frame as AudioSocket and RTP packetise it.
    public static let frameMilliseconds = 20
    /// Samples in one 20 ms frame at 8 kHz.
    public static let samplesPerFrame = sampleRate * frameMilliseconds / 1_000
    /// Bytes in one 20 ms frame of 16-bit PCM.
    public static let bytesPerFrame = samplesPerFrame * 2
}
