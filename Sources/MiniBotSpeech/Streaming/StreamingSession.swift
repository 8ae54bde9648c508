import Synchronization

/// One utterance on a streaming engine: the caller-facing half. Frames are kept (for replay after
/// a reconnect) and handed to the connection's pump; `accept` returns the newest hypothesis when it
/// changed; `finish` asks the server to flush and waits for the connection task's final text.
///
/// A failure of the connection (refused, dropped too often, malformed message) is thrown by the
/// next `accept` or by `finish`, so the caller learns early and can switch engines.
final class StreamingSession: RecognitionSession {
    let core: StreamingSessionCore
    let task: Task<Result<RecognitionResult, RecognitionError>, Never>

    init(core: StreamingSessionCore, task: Task<Result<RecognitionResult, RecognitionError>, Never>) {
        self.core = core
        self.task = task
    }

    /// New hypotheses as they arrive (see ``StreamingSessionCore/hypotheses``).
    var hypotheses: AsyncStream<RecognitionResult> { core.hypotheses }

    func accept(_ frame: [Int16]) async throws -> RecognitionResult? {
        try core.accept(frame)
    }

    func finish() async throws -> RecognitionResult {
        try core.requestFinish()
        let task = self.task
        do {
            return try await withRecognitionDeadline(core.options.finishTimeout) { try await task.value.get() }
        } catch {
            task.cancel()
            throw error
        }
    }

    deinit {
        task.cancel()
    }
}
