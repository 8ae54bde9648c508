/// Why recognition failed. Every adapter turns its engine's failures into one of these so the
/// call runner has a single thing to map to `recognition_failed` (and to metrics per cause).
///
/// Task cancellation is not an engine failure: it surfaces as `CancellationError`.
/// ```swift
/// do { _ = try await session.finish() } catch let error as RecognitionError { log(error.description) }
/// ```
public enum RecognitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The engine did not answer within the configured deadline.
    case timeout
    /// The engine refused the credentials (HTTP 401/403).
    case unauthorized
    /// The engine answered with an HTTP error status.
    case server(status: Int, message: String)
    /// The engine answered something that is not the documented format.
    case malformedResponse(String)
    /// The engine cannot be used: library or model missing, server unreachable.
    case engineUnavailable(String)
    /// The caller asked for something the engine cannot do (bad sample rate, session already finished).
    case invalidInput(String)

    public var description: String {
        switch self {
        case .timeout: "speech recognition timed out"
        case .unauthorized: "speech recognition refused the credentials (unauthorized)"
        case .server(let status, let message): "speech recognition server error \(status): \(message)"
        case .malformedResponse(let reason): "speech recognition returned a malformed response: \(reason)"
        case .engineUnavailable(let reason): "speech recognition engine unavailable: \(reason)"
        case .invalidInput(let reason): "invalid speech recognition input: \(reason)"
        }
    }
}
