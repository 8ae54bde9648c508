import Synchronization

/// Collects one utterance's frames (up to ``WhisperConfiguration/maxUtteranceSeconds``) and
/// uploads them once on `finish()`. No partial results: the OpenAI API is not streaming.
/// An utterance with no samples finishes as silence without any request.
final class WhisperSession: RecognitionSession {
    private struct State {
        var samples: [Int16] = []
        var finished = false
    }

    private let recognizer: WhisperRecognizer
    private let callID: String
    private let sampleRate: Int
    private let hints: [String]
    private let maxSamples: Int
    private let state = Mutex(State())

    init(recognizer: WhisperRecognizer, callID: String, sampleRate: Int, hints: [String]) {
        self.recognizer = recognizer
        self.callID = callID
        self.sampleRate = sampleRate
        self.hints = hints
        self.maxSamples = max(0, recognizer.configuration.maxUtteranceSeconds) * sampleRate
    }

    func accept(_ frame: [Int16]) async throws -> RecognitionResult? {
        try state.withLock { state throws(RecognitionError) in
            guard !state.finished else { throw .invalidInput("Whisper session already finished") }
            let room = maxSamples - state.samples.count
            if room > 0 { state.samples.append(contentsOf: frame.prefix(room)) }
        }
        return nil
    }

    func finish() async throws -> RecognitionResult {
        let samples = try state.withLock { state throws(RecognitionError) -> [Int16] in
            guard !state.finished else { throw .invalidInput("Whisper session already finished") }
            state.finished = true
            defer { state.samples = [] }
            return state.samples
        }
        guard !samples.isEmpty else { return .silence(engine: recognizer.name) }
        return try await recognizer.transcribe(samples: samples, sampleRate: sampleRate, hints: hints, callID: callID)
    }
}
