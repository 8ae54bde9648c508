/// Text to 8 kHz telephone audio, for prompts that have no pre-recorded file (objection
/// answers, rail-return questions, built-in sentences) — SPEC C2's local engine seam.
///
/// Implementations: ``EspeakSynthesizer`` (espeak-ng, French) and ``ToneSynthesizer`` (a neutral
/// placeholder used when espeak-ng is missing, and in tests for predictable lengths).
/// ```swift
/// let samples = try await EspeakSynthesizer().synthesize("Ça vous parle ?", voice: nil)   // 8 kHz PCM16
/// ```
public protocol SpeechSynthesizer: Sendable {
    /// Engine label for logs and transcripts ("espeak-ng", "tone").
    var name: String { get }
    /// Mono PCM16 at 8 kHz.
    func synthesize(_ text: String, voice: String?) async throws -> [Int16]
}

/// Why synthesis failed (the library then falls back to ``ToneSynthesizer``).
public struct SynthesisError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "speech synthesis failed: \(reason)" }
}

/// A stand-in voice: a soft two-tone murmur whose length grows with the text, so call timing
/// (prompt length, silence timeouts, barge-in grace) stays realistic without a TTS engine.
///
/// Deterministic: the same text always gives the same samples.
/// ```swift
/// let samples = try await ToneSynthesizer(millisecondsPerCharacter: 60).synthesize("Bonjour", voice: nil)
/// samples.count   // max(minimum, 7 × 60 ms) × 8 samples/ms
/// ```
public struct ToneSynthesizer: SpeechSynthesizer {
    public let name = "tone"
    public var millisecondsPerCharacter: Int
    public var minimumMilliseconds: Int
    /// Peak amplitude (default ≈ −18 dBFS: clearly voice for a VAD, never clipping).
    public var amplitude: Double

    public init(millisecondsPerCharacter: Int = 60, minimumMilliseconds: Int = 400, amplitude: Double = 4_000) {
        self.millisecondsPerCharacter = millisecondsPerCharacter
        self.minimumMilliseconds = minimumMilliseconds
        self.amplitude = amplitude
    }

    /// Length in milliseconds for `text`.
    public func durationMs(for text: String) -> Int {
        max(minimumMilliseconds, text.count * millisecondsPerCharacter)
    }

    public func synthesize(_ text: String, voice: String?) async throws -> [Int16] {
        samples(for: text)
    }

    /// The synchronous core of ``synthesize(_:voice:)``.
    public func samples(for text: String) -> [Int16] {
        let count = durationMs(for: text) * 8
        var out = [Int16](repeating: 0, count: count)
        let fade = min(80, count / 4)
        for index in 0..<count {
            let t = Double(index) / 8_000
            var gain = 1.0
            if index < fade { gain = Double(index) / Double(fade) }
            if index >= count - fade { gain = Double(count - index) / Double(fade) }
            let value = 0.6 * sin(2 * .pi * 220 * t) + 0.4 * sin(2 * .pi * 330 * t)
            out[index] = Int16(max(-32_767, min(32_767, (value * amplitude * gain).rounded())))
        }
        return out
    }
}

import func Foundation.sin
