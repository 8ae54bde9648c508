import Foundation
import Hummingbird
import MiniBotDialer
import MiniBotStorage

/// Recordings and transcripts (SPEC B9): `<call_uuid>.wav/.json/.txt` in the recordings folder,
/// written by `CallRunner`. Files are only ever read from that folder (``ConfinedDirectory``);
/// a transcript whose file is missing is rebuilt from the stored turns.
extension APIHandlers {
    enum TranscriptFormat { case json, text }

    var recordings: ConfinedDirectory { ConfinedDirectory(environment.recordingsDirectory) }

    func transcript(of reference: String, format: TranscriptFormat) async throws -> Response {
        let record = try await call(reference)
        let fileExtension = format == .json ? "json" : "txt"
        if let path = callFile(record, extension: fileExtension), let data = FileManager.default.contents(atPath: path) {
            return APIResponse.bytes(data, contentType: format == .json ? "application/json; charset=utf-8"
                                                                         : "text/plain; charset=utf-8")
        }
        let turns = try await database.callTurns.turns(callID: record.callID)
        guard !turns.isEmpty else { throw APIError.notFound("call \(reference) has no transcript") }
        switch format {
        case .json:
            return APIResponse.json(TranscriptJSON(callID: record.callID, callUUID: record.callUUID.description,
                                                   result: record.result?.rawValue, turns: turns.enumerated().map { TurnJSON(index: $0, turn: $1) }))
        case .text:
            var lines = ["Call \(record.callUUID)"]
            for turn in turns {
                lines.append("[\(Self.clock(turn.startMs))] \(turn.speaker == .bot ? "BOT" : "CALLER"): \(turn.text)")
            }
            if let result = record.result { lines.append("Result: \(result.rawValue)") }
            return APIResponse.text(lines.joined(separator: "\n") + "\n")
        }
    }

    /// The WAV, or the Opus/MP3 file `minibot recordings compress` replaced it with (the stored
    /// path's extension), served with its own content type.
    func recording(of reference: String) async throws -> Response {
        let record = try await call(reference)
        let stored = ((record.recordingPath ?? "") as NSString).pathExtension.lowercased()
        for fileExtension in stored.isEmpty || stored == "wav" ? ["wav"] : [stored, "wav"] {
            if let path = callFile(record, extension: fileExtension), let data = FileManager.default.contents(atPath: path) {
                return APIResponse.bytes(data, contentType: Self.contentType(forExtension: fileExtension))
            }
        }
        throw APIError.notFound("call \(reference) has no recording")
    }

    /// Seed 002's `GET /calls/recordings/{filename}`: a file of the recordings folder by name.
    func recordingFile(named name: String) throws -> Response {
        guard !name.contains("/"), let path = recordings.file(name), let data = FileManager.default.contents(atPath: path) else {
            throw APIError.notFound("recording \(name) not found")
        }
        return APIResponse.bytes(data, contentType: Self.contentType(forExtension: (name as NSString).pathExtension))
    }

    /// The call's file with this extension: next to the stored recording path, else `<uuid>.<ext>`.
    func callFile(_ record: CallRecord, extension fileExtension: String) -> String? {
        let folder = recordings
        if let stored = record.recordingPath, !stored.isEmpty {
            let sibling = (stored as NSString).deletingPathExtension + "." + fileExtension
            if let path = folder.storedFile(sibling) { return path }
            if let path = folder.file((sibling as NSString).lastPathComponent) { return path }
        }
        return folder.file(record.callUUID.description + "." + fileExtension)
    }

    static func clock(_ ms: Int) -> String {
        let minutes = ms / 60_000, seconds = (ms / 1_000) % 60, millis = ms % 1_000
        return String(format: "%02d:%02d.%03d", minutes, seconds, millis)
    }

    static func contentType(forExtension ext: String) -> String {
        switch ext.lowercased() {
        case "wav": return "audio/wav"
        case "mp3": return "audio/mpeg"
        case "ogg", "opus": return "audio/ogg"
        case "json": return "application/json; charset=utf-8"
        case "txt": return "text/plain; charset=utf-8"
        case "html": return "text/html; charset=utf-8"
        case "css": return "text/css; charset=utf-8"
        case "js", "mjs": return "text/javascript; charset=utf-8"
        case "svg": return "image/svg+xml"
        case "png": return "image/png"
        case "ico": return "image/x-icon"
        default: return "application/octet-stream"
        }
    }
}
