import Dispatch

/// One utterance decoded by a Kaldi recognizer. All recognizer calls happen on `queue`, a
/// serial queue owned by this session, so they are serial even if callers overlap.
///
/// `accept` returns a partial result (the closed segments plus Vosk's current partial) whenever
/// that text changes; `finish` returns the whole utterance with the mean word confidence, then
/// frees the recognizer.
final class VoskSession: RecognitionSession, @unchecked Sendable {
    // @unchecked: `state` is only read and written inside blocks running on the serial `queue`.
    private struct State {
        var recognizer: OpaquePointer?
        var transcript = VoskTranscript()
        var lastHeard = ""
    }

    private let model: VoskModel
    private let queue: DispatchQueue
    private var state: State
    let callID: String

    private init(model: VoskModel, recognizer: OpaquePointer, queue: DispatchQueue, callID: String) {
        self.model = model
        self.queue = queue
        self.state = State(recognizer: recognizer)
        self.callID = callID
    }

    static func open(model: VoskModel, sampleRate: Int, callID: String) async throws(RecognitionError) -> VoskSession {
        let queue = DispatchQueue(label: "minibot.vosk.session")
        let recognizer = try await VoskQueue.run(on: queue) { () throws(RecognitionError) -> UnsafeSendablePointer in
            guard let pointer = model.library.recognizerNew(model.pointer, Float(sampleRate)) else {
                throw .engineUnavailable("Vosk could not create a recognizer at \(sampleRate) Hz")
            }
            model.library.setWords?(pointer, 1)
            return UnsafeSendablePointer(pointer: pointer)
        }
        return VoskSession(model: model, recognizer: recognizer.pointer, queue: queue, callID: callID)
    }

    func accept(_ frame: [Int16]) async throws -> RecognitionResult? {
        try await VoskQueue.run(on: queue) { () throws(RecognitionError) in try self.acceptOnQueue(frame) }
    }

    func finish() async throws -> RecognitionResult {
        try await VoskQueue.run(on: queue) { () throws(RecognitionError) in try self.finishOnQueue() }
    }

    private func acceptOnQueue(_ frame: [Int16]) throws(RecognitionError) -> RecognitionResult? {
        guard let recognizer = state.recognizer else { throw .invalidInput("Vosk session already finished") }
        guard !frame.isEmpty else { return nil }
        let library = model.library
        let status = frame.withUnsafeBufferPointer { library.acceptWaveformS(recognizer, $0.baseAddress, Int32(clamping: $0.count)) }
        let heard: String
        switch status {
        case 0:
            heard = state.transcript.text(with: try VoskResultParser.partial(from: try Self.string(library.partialResult(recognizer))))
        case 1:
            state.transcript.append(try VoskResultParser.result(from: try Self.string(library.result(recognizer))))
            heard = state.transcript.text()
        default:
            throw .engineUnavailable("Vosk failed to decode audio (accept_waveform returned \(status))")
        }
        guard heard != state.lastHeard else { return nil }
        state.lastHeard = heard
        return RecognitionResult(text: heard, confidence: 0, isFinal: false, engine: "vosk")
    }

    private func finishOnQueue() throws(RecognitionError) -> RecognitionResult {
        guard let recognizer = state.recognizer else { throw .invalidInput("Vosk session already finished") }
        defer {
            model.library.recognizerFree(recognizer)
            state.recognizer = nil
        }
        state.transcript.append(try VoskResultParser.result(from: try Self.string(model.library.finalResult(recognizer))))
        return RecognitionResult(text: state.transcript.text(), confidence: state.transcript.confidence, isFinal: true, engine: "vosk")
    }

    private static func string(_ pointer: UnsafePointer<CChar>?) throws(RecognitionError) -> String {
        guard let pointer else { throw .malformedResponse("Vosk returned a null result") }
        return String(cString: pointer)
    }

    deinit {
        // A session dropped without finish(): free the recognizer on its queue after pending work.
        if let recognizer = state.recognizer {
            let library = model.library
            let pointer = UnsafeSendablePointer(pointer: recognizer)
            let model = self.model  // keep the model alive until the recognizer is freed
            queue.async { library.recognizerFree(pointer.pointer); _ = model }
        }
    }
}

/// Carries a C pointer across the dispatch-queue hop; the session's serial queue is what makes it safe.
struct UnsafeSendablePointer: @unchecked Sendable {
    let pointer: OpaquePointer
}
