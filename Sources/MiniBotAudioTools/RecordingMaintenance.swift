import Foundation

/// The file half of `minibot recordings compress|cleanup` (seed scripts `convert_logs.py` and
/// `cleanup_recordings.sh`): find call recordings older than an age, convert one with ffmpeg,
/// delete one. The database half (calls pointing at the files) is the command's, so each step
/// here leaves a state the command can always finish or undo: a conversion writes a temporary
/// file and renames it, and never deletes the original.
/// ```swift
/// let old = try RecordingMaintenance.scan(directory: "recordings", olderThan: RecordingAge.parse("7d"), now: Date())
/// let opus = try RecordingMaintenance.compress(old[0], to: .opus, ffmpeg: "/usr/bin/ffmpeg")
/// ```
public enum RecordingMaintenance {
    /// Recording files by extension; transcripts (`.json`, `.txt`) are not recordings.
    public static let audioExtensions: Set<String> = ["wav", "opus", "ogg", "mp3"]
    public static let transcriptExtensions: Set<String> = ["json", "txt"]

    /// Files of `directory` (not its subfolders) with one of `extensions`, last modified before
    /// `now - olderThan`, sorted by name.
    public static func scan(directory: String, olderThan age: TimeInterval, now: Date,
                            extensions: Set<String> = audioExtensions) throws -> [RecordingFile] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AudioToolError.invalidOption("recordings folder \(directory) does not exist")
        }
        let cutoff = now.addingTimeInterval(-age)
        return try manager.contentsOfDirectory(atPath: directory).sorted().compactMap { name -> RecordingFile? in
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let attributes = try manager.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType == .typeRegular,
                  extensions.contains((name as NSString).pathExtension.lowercased()),
                  let modified = attributes[.modificationDate] as? Date, modified < cutoff else { return nil }
            return RecordingFile(path: path, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0, modified: modified)
        }
    }

    /// Converts `file` next to itself (`<name>.opus` / `<name>.mp3`) with ffmpeg and gives the new
    /// file the original's modification date (so age-based cleanup still sees the call's age).
    /// The original is left in place; an existing target is replaced.
    public static func compress(_ file: RecordingFile, to format: RecordingFormat, ffmpeg: String) throws -> RecordingFile {
        let target = (file.path as NSString).deletingPathExtension + "." + format.rawValue
        guard target != file.path else { throw AudioToolError.invalidOption("\(file.path) is already \(format.rawValue)") }
        let temporary = target + ".part"
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let output = try ExternalTool.run(ffmpeg, ["-nostdin", "-y", "-loglevel", "error", "-i", file.path]
            + format.ffmpegArguments + [temporary])
        guard output.status == 0 else {
            let message = String(decoding: output.stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw AudioToolError.writeFailed(file: target, reason: "ffmpeg could not convert \(file.path) to \(format.rawValue): \(message.suffix(400))")
        }
        let manager = FileManager.default
        let bytes = ((try? manager.attributesOfItem(atPath: temporary))?[.size] as? NSNumber)?.int64Value ?? 0
        guard bytes > 0 else { throw AudioToolError.writeFailed(file: target, reason: "ffmpeg wrote an empty file") }
        try manager.setAttributes([.modificationDate: file.modified], ofItemAtPath: temporary)
        if manager.fileExists(atPath: target) { try manager.removeItem(atPath: target) }
        try manager.moveItem(atPath: temporary, toPath: target)
        return RecordingFile(path: target, bytes: bytes, modified: file.modified)
    }
}

/// One file of the recordings folder.
public struct RecordingFile: Sendable, Equatable {
    public var path: String
    public var bytes: Int64
    public var modified: Date

    public init(path: String, bytes: Int64, modified: Date) {
        self.path = path
        self.bytes = bytes
        self.modified = modified
    }

    public var name: String { (path as NSString).lastPathComponent }
    public var fileExtension: String { (path as NSString).pathExtension.lowercased() }
}

/// Compressed formats for recordings. Both keep telephone speech intelligible at a fraction
/// of the WAV size: Opus (in Ogg) is the smaller; MP3 plays everywhere.
public enum RecordingFormat: String, Sendable, CaseIterable {
    case opus, mp3

    var ffmpegArguments: [String] {
        switch self {
        case .opus: ["-c:a", "libopus", "-b:a", "16k", "-application", "voip", "-f", "ogg"]
        case .mp3: ["-c:a", "libmp3lame", "-b:a", "32k", "-f", "mp3"]
        }
    }
}

/// `7d`, `90d`, `12h`, `2w`, `30min`, `45s`, or a plain number of days.
/// ```swift
/// try RecordingAge.parse("7d")   // 604800
/// ```
public enum RecordingAge {
    public static func parse(_ text: String) throws -> TimeInterval {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, TimeInterval)] = [("min", 60), ("s", 1), ("h", 3_600), ("d", 86_400), ("w", 604_800)]
        for (suffix, seconds) in units where trimmed.hasSuffix(suffix) {
            if let value = Double(trimmed.dropLast(suffix.count)), value.isFinite, value >= 0 { return value * seconds }
        }
        if let days = Double(trimmed), days.isFinite, days >= 0 { return days * 86_400 }
        throw AudioToolError.invalidOption("\"\(text)\" is not an age such as 7d, 90d, 12h, 2w or 30min")
    }
}
