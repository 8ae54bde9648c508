import MiniBotSpeech

/// Why the recognizer gave no text for an utterance, as ``CallInput/recognitionFailed(_:utterance:)``
/// carries it: mapped once, where the recognition task catches the error, so the controller,
/// its trace and any metric per cause read a case instead of parsing a message.
///
/// The speech adapters already classify their engine's failures into ``RecognitionError``
/// (timeout, credentials, HTTP status, malformed answer, engine unavailable, bad input); task
/// cancellation surfaces as `CancellationError`. Anything else is an adapter that let an error
/// through unclassified: kept with its text so the log still says what happened.
/// ```swift
/// RecognitionFailure(RecognitionError.timeout)   // .engine(.timeout)
/// RecognitionFailure(CancellationError())        // .cancelled
/// RecognitionFailure(.engine(.timeout)).description // "speech recognition timed out"
/// ```
public enum RecognitionFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The engine's classified failure.
    case engine(RecognitionError)
    /// The recognition task was cancelled before the engine answered.
    case cancelled
    /// An error no adapter classified: its description.
    case unclassified(String)

    public init(_ error: any Error) {
        switch error {
        case let failure as RecognitionFailure: self = failure
        case let error as RecognitionError: self = .engine(error)
        case is CancellationError: self = .cancelled
        default: self = .unclassified(String(describing: error))
        }
    }

    public var description: String {
        switch self {
        case .engine(let error): error.description
        case .cancelled: "speech recognition cancelled"
        case .unclassified(let reason): "speech recognition failed: \(reason)"
        }
    }
}
