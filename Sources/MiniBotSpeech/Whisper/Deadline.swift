/// Runs `operation` and gives up with `RecognitionError.timeout` once `timeout` has passed,
/// cancelling it. HTTP clients' own deadlines often stop at the response head; this one covers
/// the whole exchange, so a server that stalls mid-body cannot hang a call.
/// ```swift
/// let body = try await withRecognitionDeadline(.milliseconds(300)) { try await download() }
/// ```
func withRecognitionDeadline<T: Sendable>(
    _ timeout: Duration,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            throw RecognitionError.timeout
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw RecognitionError.timeout }
        return first
    }
}
