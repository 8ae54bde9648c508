import Synchronization

/// A deterministic recognizer for the simulated PBX, the demo and tests: it "hears" exactly what
/// the ``SimulatedScript`` says the caller said, instantly, and labels every result with engine
/// `"simulated"` so no transcript can pass it off as real recognition.
///
/// A session that finishes when the caller's queue is empty returns silence (empty text).
/// ```swift
/// let script = SimulatedScript()
/// script.enqueue(["oui c'est moi"], for: "call-1")
/// let session = try await SimulatedRecognizer(script: script).startSession(callID: "call-1", sampleRate: 8_000, hints: [])
/// try await session.finish().text // "oui c'est moi"
/// ```
public struct SimulatedRecognizer: SpeechRecognizer {
    public static let engineName = "simulated"
    public let name = SimulatedRecognizer.engineName
    public let script: SimulatedScript

    public init(script: SimulatedScript) {
        self.script = script
    }

    public func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        try SampleRateCheck.validate(sampleRate)
        return SimulatedSession(script: script, callID: callID)
    }
}

/// Ignores audio; on `finish()` takes the call's next scripted utterance.
final class SimulatedSession: RecognitionSession {
    private let script: SimulatedScript
    private let callID: String
    private let finished = Mutex(false)

    init(script: SimulatedScript, callID: String) {
        self.script = script
        self.callID = callID
    }

    func accept(_ frame: [Int16]) async throws -> RecognitionResult? {
        if finished.withLock({ $0 }) { throw RecognitionError.invalidInput("simulated session already finished") }
        return nil
    }

    func finish() async throws -> RecognitionResult {
        let alreadyFinished = finished.withLock { value in
            defer { value = true }
            return value
        }
        if alreadyFinished { throw RecognitionError.invalidInput("simulated session already finished") }
        switch script.next(for: callID) {
        case nil:
            return .silence(engine: SimulatedRecognizer.engineName)
        case .said(let text, let confidence):
            return RecognitionResult(text: text, confidence: confidence, isFinal: true, engine: SimulatedRecognizer.engineName)
        case .failure(let error):
            throw error
        }
    }
}
