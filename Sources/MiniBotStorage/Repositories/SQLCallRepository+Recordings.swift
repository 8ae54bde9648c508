import Foundation

/// Where each call's recording lives, for `minibot recordings compress|cleanup`: a recording file
/// that is converted or deleted must not leave its call pointing at a file that is gone.
///
/// Calls store the path `CallRunner` wrote (`recordings/<uuid>.wav`, relative or absolute as
/// `RECORDINGS_DIR` was), so a file is found by its name: the stored path itself, or any stored
/// path ending in `/<name>`.
/// ```swift
/// for reference in try await db.calls.recordingReferences(fileName: "u-1.wav") {
///     try await db.calls.setRecordingPath(callID: reference.callID, path: "recordings/u-1.opus")
/// }
/// ```
extension SQLCallRepository {
    public struct RecordingReference: Sendable, Equatable {
        public var callID: Int64
        public var path: String
    }

    /// Calls whose recording is the file named `fileName` (no folder).
    public func recordingReferences(fileName: String) async throws -> [RecordingReference] {
        guard !fileName.isEmpty, !fileName.contains("/") else { return [] }
        // LIKE wildcards in a file name would widen the match: compare the tail exactly instead.
        let rows = try await executor.query(
            "SELECT id, recording_path FROM calls WHERE recording_path = ? OR recording_path LIKE ? ORDER BY id",
            [.text(fileName), .text("%/" + fileName)], table: "calls")
        return try rows.compactMap { row throws(StorageError) -> RecordingReference? in
            guard let path = try row.optionalString("recording_path"),
                  path == fileName || path.hasSuffix("/" + fileName) else { return nil }
            return RecordingReference(callID: try row.int("id"), path: path)
        }
    }

    /// Points the call at another recording file, or at none (`nil`: the file was deleted).
    public func setRecordingPath(callID: Int64, path: String?) async throws {
        try await executor.execute("UPDATE calls SET recording_path = ?, updated_at = ? WHERE id = ?",
                                   [.optionalText(path), .date(clock()), .int(callID)])
    }
}
