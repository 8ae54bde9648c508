import Dispatch

/// Vosk in-process speech recognition: the model is loaded once, each session gets its own
/// Kaldi recognizer driven on its own serial dispatch queue, so blocking decoding never runs on
/// the Swift cooperative pool or a NIO event loop, and one call's decoding never waits for another's.
///
/// Hints are ignored (Vosk's grammar mode would restrict the vocabulary to them). Results are not
/// bit-reproducible between runs: Kaldi dithers features with the C library's global `rand()`, as
/// Vosk's Python binding does (tests pin it with `srand`).
/// ```swift
/// let recognizer = try await VoskRecognizer.load(libraryPath: nil, modelPath: "/models/vosk-model-small-fr-0.22")
/// let session = try await recognizer.startSession(callID: uuid, sampleRate: 8_000, hints: [])
/// ```
public struct VoskRecognizer: SpeechRecognizer {
    public let name = "vosk"
    public let model: VoskModel

    public init(model: VoskModel) {
        self.model = model
    }

    /// Loads the library and the model off the cooperative pool (loading takes seconds).
    public static func load(library: VoskLibrary, modelPath: String) async throws -> VoskRecognizer {
        let model = try await VoskQueue.run(on: DispatchQueue(label: "minibot.vosk.load")) { () throws(RecognitionError) in
            try VoskModel(library: library, path: modelPath)
        }
        return VoskRecognizer(model: model)
    }

    /// Locates the library (configured path, `$VOSK_LIBRARY_PATH`, a Python `vosk` install) and loads the model.
    public static func load(
        libraryPath: String?,
        modelPath: String,
        environment: [String: String] = [:]
    ) async throws -> VoskRecognizer {
        let library = try VoskLibrary.locate(configuredPath: libraryPath, environment: environment)
        return try await load(library: library, modelPath: modelPath)
    }

    public func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        try SampleRateCheck.validate(sampleRate)
        return try await VoskSession.open(model: model, sampleRate: sampleRate, callID: callID)
    }
}

/// Runs blocking work on a dispatch queue and resumes the awaiting task with its result.
enum VoskQueue {
    static func run<T: Sendable>(
        on queue: DispatchQueue,
        _ work: @escaping @Sendable () throws(RecognitionError) -> T
    ) async throws(RecognitionError) -> T {
        let result: Result<T, RecognitionError> = await withCheckedContinuation { continuation in
            queue.async {
                do throws(RecognitionError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}
