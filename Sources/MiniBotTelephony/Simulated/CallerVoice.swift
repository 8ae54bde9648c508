import func Foundation.sin

/// How a simulated caller sounds: text in, 20 ms frames of 8 kHz PCM16 out.
///
/// The telephony layer ships ``MurmurVoice`` (no dependencies); the call layer adapts a real
/// speech synthesizer (espeak-ng) to this protocol for demos.
/// ```swift
/// let frames = await MurmurVoice().frames(for: "oui c'est moi")   // ≈ 0.9 s of speech-like sound
/// ```
public protocol CallerVoice: Sendable {
    func frames(for text: String) async -> [[Int16]]
}

/// Speech-like sound without a TTS engine: syllable-shaped bursts of a buzzy tone whose length
/// grows with the text. Any energy VAD hears it as continuous speech (no gap long enough to
/// end an utterance); deterministic for a given text.
/// ```swift
/// let voice = MurmurVoice(millisecondsPerCharacter: 60)
/// voice.samples(durationMs: 4_000)   // an answering machine's long greeting
/// ```
public struct MurmurVoice: CallerVoice {
    public var millisecondsPerCharacter: Int
    public var minimumMilliseconds: Int
    public var amplitude: Double

    public init(millisecondsPerCharacter: Int = 60, minimumMilliseconds: Int = 300, amplitude: Double = 6_000) {
        self.millisecondsPerCharacter = millisecondsPerCharacter
        self.minimumMilliseconds = minimumMilliseconds
        self.amplitude = amplitude
    }

    public func durationMs(for text: String) -> Int {
        max(minimumMilliseconds, text.count * millisecondsPerCharacter)
    }

    public func frames(for text: String) async -> [[Int16]] {
        Self.split(samples(durationMs: durationMs(for: text)))
    }

    /// `durationMs` of murmur: 180 ms syllables whose level dips to a third between them.
    public func samples(durationMs: Int) -> [Int16] {
        let count = max(0, durationMs) * 8
        var out = [Int16](repeating: 0, count: count)
        for index in 0..<count {
            let t = Double(index) / 8_000
            let syllable = 0.67 + 0.33 * sin(2 * .pi * t / 0.18)
            let value = 0.5 * sin(2 * .pi * 150 * t) + 0.3 * sin(2 * .pi * 450 * t) + 0.2 * sin(2 * .pi * 1_100 * t)
            let edge = min(1, Double(min(index, count - index)) / 80)
            out[index] = Int16(max(-32_767, min(32_767, (value * syllable * edge * amplitude).rounded())))
        }
        return out
    }

    /// 160-sample frames, the last one zero-padded.
    public static func split(_ samples: [Int16]) -> [[Int16]] {
        stride(from: 0, to: samples.count, by: 160).map { start in
            var frame = Array(samples[start..<min(start + 160, samples.count)])
            if frame.count < 160 { frame += repeatElement(0, count: 160 - frame.count) }
            return frame
        }
    }
}
