import Logging
import Synchronization

/// Keeps calls understood when the configured engine fails: a session starts on `primary`; if the
/// primary cannot open it (refused key, server down) or fails mid-utterance (dropped beyond its
/// reconnects, malformed answers, timeout), the utterance's audio so far is replayed into a
/// session of `fallback`, which finishes it. Results carry the engine that produced them, so a
/// transcript shows "whisper" (or "vosk") where Deepgram was meant to answer.
///
/// Refused credentials do not heal by themselves: after ``RecognitionError/unauthorized`` the
/// primary is skipped for ``unauthorizedCooldown`` instead of being retried at every utterance.
/// ```swift
/// let recognizer = FallbackRecognizer(primary: deepgram, fallback: whisper)
/// ```
public struct FallbackRecognizer: SpeechRecognizer {
    public let primary: any SpeechRecognizer
    public let fallback: any SpeechRecognizer
    public let unauthorizedCooldown: Duration
    let logger: Logger
    let skipPrimaryUntil = SharedInstant()

    public var name: String { primary.name }

    public init(primary: any SpeechRecognizer, fallback: any SpeechRecognizer, unauthorizedCooldown: Duration = .seconds(300),
                logger: Logger = Logger(label: "minibot.speech.fallback")) {
        self.primary = primary
        self.fallback = fallback
        self.unauthorizedCooldown = unauthorizedCooldown
        self.logger = logger
    }

    public func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        if let until = skipPrimaryUntil.value, ContinuousClock.now < until {
            return try await fallback.startSession(callID: callID, sampleRate: sampleRate, hints: hints)
        }
        do {
            let session = try await primary.startSession(callID: callID, sampleRate: sampleRate, hints: hints)
            return FallbackSession(recognizer: self, primary: session, callID: callID, sampleRate: sampleRate, hints: hints)
        } catch let error as RecognitionError where error.isEngineFailure {
            noteFailure(error, callID: callID)
            return try await fallback.startSession(callID: callID, sampleRate: sampleRate, hints: hints)
        }
    }

    func noteFailure(_ error: RecognitionError, callID: String) {
        logger.warning("speech recognizer failed, using the fallback",
                       metadata: ["call_id": "\(callID)", "engine": "\(primary.name)", "fallback": "\(fallback.name)",
                                  "error": "\(error)"])
        if error == .unauthorized { skipPrimaryUntil.value = .now + unauthorizedCooldown }
    }
}

extension RecognitionError {
    /// The engine let us down (as opposed to a caller mistake such as a finished session).
    var isEngineFailure: Bool {
        if case .invalidInput = self { return false }
        return true
    }
}

/// A session on the primary engine that keeps its frames until it finishes, to hand them to the
/// fallback engine if the primary fails.
final class FallbackSession: RecognitionSession {
    private struct State {
        var active: any RecognitionSession
        var onFallback = false
        var frames: [[Int16]] = []
    }

    private let recognizer: FallbackRecognizer
    private let callID: String
    private let sampleRate: Int
    private let hints: [String]
    private let state: Mutex<State>

    init(recognizer: FallbackRecognizer, primary: any RecognitionSession, callID: String, sampleRate: Int, hints: [String]) {
        self.recognizer = recognizer
        self.callID = callID
        self.sampleRate = sampleRate
        self.hints = hints
        self.state = Mutex(State(active: primary))
    }

    func accept(_ frame: [Int16]) async throws -> RecognitionResult? {
        let (active, onFallback) = state.withLock { state in
            if !state.onFallback { state.frames.append(frame) }
            return (state.active, state.onFallback)
        }
        do {
            return try await active.accept(frame)
        } catch let error as RecognitionError where !onFallback && error.isEngineFailure {
            try await switchToFallback(after: error)
            return nil
        }
    }

    func finish() async throws -> RecognitionResult {
        let (active, onFallback) = state.withLock { ($0.active, $0.onFallback) }
        do {
            return try await active.finish()
        } catch let error as RecognitionError where !onFallback && error.isEngineFailure {
            try await switchToFallback(after: error)
            return try await state.withLock { $0.active }.finish()
        }
    }

    /// Opens the fallback session and replays the utterance's frames into it.
    private func switchToFallback(after error: RecognitionError) async throws {
        recognizer.noteFailure(error, callID: callID)
        let session = try await recognizer.fallback.startSession(callID: callID, sampleRate: sampleRate, hints: hints)
        let frames = state.withLock { state in
            state.active = session
            state.onFallback = true
            defer { state.frames = [] }
            return state.frames
        }
        for frame in frames { _ = try await session.accept(frame) }
    }
}

/// An instant shared by copies of a recognizer (the process shares one recognizer value).
final class SharedInstant: Sendable {
    private let storage = Mutex<ContinuousClock.Instant?>(nil)
    var value: ContinuousClock.Instant? {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = newValue } }
    }
}
