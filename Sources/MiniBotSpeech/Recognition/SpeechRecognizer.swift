import MiniBotAudio

/// One utterance (or stream) of one call. Feed it 20 ms PCM16 frames as they arrive; it may
/// answer with a partial result; `finish()` returns the final result and ends the session.
///
/// Sessions are single-use: `accept` or `finish` after `finish` throws
/// `RecognitionError.invalidInput`. Calls on one session must not overlap (the call runner
/// awaits each frame before the next); different sessions never block each other.
/// ```swift
/// let session = try await recognizer.startSession(callID: uuid, sampleRate: 8_000, hints: [])
/// for frame in frames { if let partial = try await session.accept(frame) { show(partial.text) } }
/// let final = try await session.finish()
/// ```
public protocol RecognitionSession: Sendable {
    /// Adds one frame of mono PCM16 at the session's sample rate. Returns a partial result
    /// when the engine's hypothesis changed, `nil` otherwise.
    func accept(_ frame: [Int16]) async throws -> RecognitionResult?
    /// Ends the utterance and returns its final text (`isFinal == true`).
    func finish() async throws -> RecognitionResult
}

/// A speech-to-text engine the call runner can open sessions on. Adapters: ``VoskRecognizer``
/// (in-process), ``WhisperRecognizer`` (OpenAI-compatible HTTP), ``SimulatedRecognizer`` (demo, tests).
///
/// Errors are thrown as ``RecognitionError``; every network call has a deadline, so nothing hangs.
/// ```swift
/// let recognizer = try RecognizerFactory.make(RecognizerConfiguration(environment: env))
/// ```
public protocol SpeechRecognizer: Sendable {
    /// Engine label copied into every result ("vosk", "whisper", "simulated").
    var name: String { get }
    /// Opens a session for one utterance of the call `callID` (used by the simulated engine and in logs).
    /// `hints` are words or phrases likely to be said (Whisper `prompt`; ignored by Vosk).
    func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession
}

extension SpeechRecognizer {
    /// `true` for engines whose sessions return partial results as the caller speaks, soon enough
    /// to decide a barge-in on words (Deepgram, vosk-server). Live calls then let caller sound over
    /// a prompt interrupt it only once words are heard (`CallControllerConfiguration.bargeInRequiresWords`).
    public var streamsPartials: Bool { (self as? StreamingRecognizer) != nil || (self as? FallbackRecognizer)?.primary.streamsPartials == true }

    /// Opens a session for telephone audio (``TelephoneAudio/sampleRate``, 8 kHz), the format every PBX leg delivers.
    public func startSession(callID: String, hints: [String] = []) async throws -> any RecognitionSession {
        try await startSession(callID: callID, sampleRate: TelephoneAudio.sampleRate, hints: hints)
    }

    /// Opens a session that is not tied to a call id.
    public func startSession(sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        try await startSession(callID: "", sampleRate: sampleRate, hints: hints)
    }
}

/// Sample rates every adapter accepts: telephone 8 kHz up to 48 kHz.
enum SampleRateCheck {
    static let supported = 8_000...48_000

    static func validate(_ sampleRate: Int) throws(RecognitionError) {
        guard supported.contains(sampleRate) else {
            throw .invalidInput("sample rate \(sampleRate) Hz is outside \(supported.lowerBound)…\(supported.upperBound) Hz")
        }
    }
}
