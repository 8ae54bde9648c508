import ArgumentParser
import Foundation
import MiniBotAudioTools
import MiniBotStorage

/// `minibot recordings compress|cleanup`: the seeds' nightly `convert_logs.py` and
/// `cleanup_recordings.sh`, keeping every call's `recording_path` right.
struct RecordingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recordings",
        abstract: "Compress old call recordings or delete expired ones, keeping the database's paths right.",
        subcommands: [RecordingsCompressCommand.self, RecordingsCleanupCommand.self]
    )
}

/// Options both subcommands share.
struct RecordingsOptions: ParsableArguments {
    @Option(name: .customLong("dir"), help: "Recordings folder (default $RECORDINGS_DIR, else recordings).")
    var directory: String?

    @Flag(help: "Show what would change; touch no file and no database row.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    var folder: String {
        directory ?? ProcessInfo.processInfo.environment["RECORDINGS_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "recordings"
    }

    static func age(_ text: String, option: String) throws -> TimeInterval {
        do { return try RecordingAge.parse(text) } catch { throw ValidationError("\(option): \(error)") }
    }

    static func size(_ bytes: Int64) -> String {
        ByteCountFormatter.string(fromByteCount: bytes, countStyle: .file)
    }
}

struct RecordingsCompressCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compress",
        abstract: "Convert WAV recordings older than an age to Opus or MP3 with ffmpeg; calls then point at the new file.")

    @Option(help: "Only recordings last written before this age (7d, 12h, 2w…).")
    var olderThan = "7d"

    @Option(help: "opus (smallest) or mp3.")
    var format = "opus"

    @OptionGroup var options: RecordingsOptions

    func run() async throws {
        let age = try RecordingsOptions.age(olderThan, option: "--older-than")
        guard let target = RecordingFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format: \"\(format)\" is not opus or mp3")
        }
        guard let ffmpeg = ExternalTool.locate("ffmpeg") else {
            throw CLIError("ffmpeg was not found on PATH (install it: apt-get install ffmpeg)")
        }
        let files = try RecordingMaintenance.scan(directory: options.folder, olderThan: age, now: Date(), extensions: ["wav"])
        if files.isEmpty {
            print("no WAV recording older than \(olderThan) in \(options.folder)")
            return
        }
        var failures = 0, before: Int64 = 0, after: Int64 = 0, converted = 0
        try await withDatabase(options.database) { db in
            for file in files {
                if options.dryRun {
                    print("would compress \(file.path) (\(RecordingsOptions.size(file.bytes))) to \(target.rawValue)")
                    continue
                }
                do {
                    let compressed = try RecordingMaintenance.compress(file, to: target, ffmpeg: ffmpeg)
                    let updated: Int
                    do {
                        updated = try await Self.repoint(db, from: file.name, extension: target.rawValue)
                    } catch {
                        try? FileManager.default.removeItem(atPath: compressed.path)
                        throw CLIError("database update failed, \(file.path) kept: \(error)")
                    }
                    try FileManager.default.removeItem(atPath: file.path)
                    before += file.bytes
                    after += compressed.bytes
                    converted += 1
                    print("compressed \(file.path) (\(RecordingsOptions.size(file.bytes))) -> \(compressed.path) "
                          + "(\(RecordingsOptions.size(compressed.bytes))), calls updated: \(updated)")
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("error: \(file.path): \(error)\n".utf8))
                }
            }
        }
        if options.dryRun {
            print("dry run: \(files.count) recording(s) would be compressed; nothing changed")
        } else {
            print("compressed \(converted) recording(s): \(RecordingsOptions.size(before)) -> \(RecordingsOptions.size(after))"
                  + (failures > 0 ? ", \(failures) failed" : ""))
        }
        if failures > 0 { throw ExitCode(1) }
    }

    /// Calls pointing at `name` now point at the same path with the new extension.
    static func repoint(_ db: Database, from name: String, extension newExtension: String) async throws -> Int {
        try await updateReferences(db, to: name) { ($0 as NSString).deletingPathExtension + "." + newExtension }
    }

    /// Gives every call whose recording is the file `name` the path `newPath(old path)` (nil: no
    /// recording); returns how many calls changed. Shared by `compress` and `cleanup`.
    static func updateReferences(_ db: Database, to name: String, newPath: (String) -> String?) async throws -> Int {
        let references = try await db.calls.recordingReferences(fileName: name)
        for reference in references {
            try await db.calls.setRecordingPath(callID: reference.callID, path: newPath(reference.path))
        }
        return references.count
    }
}

struct RecordingsCleanupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cleanup",
        abstract: "Delete recordings (WAV, Opus, MP3) older than an age; their calls keep no dangling path.")

    @Option(help: "Delete recordings last written before this age (90d, 12w…).")
    var olderThan: String

    @Flag(help: "Also delete the calls' transcript files (.json, .txt) of that age.")
    var withTranscripts = false

    @OptionGroup var options: RecordingsOptions

    func run() async throws {
        let age = try RecordingsOptions.age(olderThan, option: "--older-than")
        let extensions = withTranscripts ? RecordingMaintenance.audioExtensions.union(RecordingMaintenance.transcriptExtensions)
            : RecordingMaintenance.audioExtensions
        let files = try RecordingMaintenance.scan(directory: options.folder, olderThan: age, now: Date(), extensions: extensions)
        var failures = 0, freed: Int64 = 0, deleted = 0
        try await withDatabase(options.database) { db in
            for file in files {
                let isRecording = RecordingMaintenance.audioExtensions.contains(file.fileExtension)
                if options.dryRun {
                    var calls = 0
                    if isRecording { calls = try await db.calls.recordingReferences(fileName: file.name).count }
                    print("would delete \(file.path) (\(RecordingsOptions.size(file.bytes)))"
                          + (isRecording ? ", calls referencing it: \(calls)" : ""))
                    freed += file.bytes
                    continue
                }
                do {
                    let cleared = isRecording
                        ? try await RecordingsCompressCommand.updateReferences(db, to: file.name) { _ in nil } : 0
                    try FileManager.default.removeItem(atPath: file.path)
                    freed += file.bytes
                    deleted += 1
                    print("deleted \(file.path) (\(RecordingsOptions.size(file.bytes)))" + (isRecording ? ", calls cleared: \(cleared)" : ""))
                } catch {
                    failures += 1
                    FileHandle.standardError.write(Data("error: \(file.path): \(error)\n".utf8))
                }
            }
        }
        if options.dryRun {
            print("dry run: \(files.count) file(s) older than \(olderThan) would be deleted (\(RecordingsOptions.size(freed))); nothing changed")
        } else {
            print("deleted \(deleted) file(s) older than \(olderThan), freed \(RecordingsOptions.size(freed))"
                  + (failures > 0 ? ", \(failures) failed" : ""))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}
