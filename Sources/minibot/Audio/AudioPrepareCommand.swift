import ArgumentParser
import Foundation
import MiniBotAudioTools

/// Seed 000 §3.4 (`setup_audio.py`): prompts and objection answers ready for the PBX.
struct AudioPrepareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prepare",
        abstract: "Normalise recordings into 8 kHz mono telephone audio (µ-law WAV by default).",
        discussion: "Reads WAV natively and MP3/M4A/FLAC/OGG/AAC through ffmpeg; mirrors the source tree into the target folder."
    )

    @Option(help: "Folder of source recordings.") var source: String = "audio"
    @Option(help: "Folder the PBX plays from (default: $FREESWITCH_SOUNDS_DIR, else sounds/).") var target: String?
    @Option(help: "Gain in dB after normalisation (default: $AUDIO_VOLUME_ADJUST, else 0).") var volumeAdjust: Double?
    @Option(help: "Extra gain in dB for files under background/ (default: $AUDIO_BACKGROUND_REDUCTION, else -10).")
    var backgroundReduction: Double?
    @Flag(help: "Redo files even if unchanged.") var force = false
    @Flag(help: "Show what would be done; write nothing.") var dryRun = false
    @Option(help: "Output format: ulaw, alaw, pcm16 (WAV) or slin (raw .sln).") var format: String = "ulaw"
    @Option(help: "Output sample rate in Hz.") var rate: Int = 8_000

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        guard let outputFormat = AudioPreparer.OutputFormat(rawValue: format.lowercased()) else {
            throw ValidationError("--format \(format): expected one of ulaw, alaw, pcm16, slin")
        }
        let options = AudioPreparer.Options(
            source: source,
            target: target ?? environment["FREESWITCH_SOUNDS_DIR"] ?? "sounds",
            volumeAdjustDB: try volumeAdjust ?? Self.decibels(environment, "AUDIO_VOLUME_ADJUST") ?? 0,
            backgroundReductionDB: try backgroundReduction ?? Self.decibels(environment, "AUDIO_BACKGROUND_REDUCTION") ?? -10,
            force: force, dryRun: dryRun, format: outputFormat, sampleRate: rate
        )
        let report: PrepareReport
        do {
            report = try AudioPreparer().run(options)
        } catch let error as AudioToolError {
            throw ValidationError(error.description)
        }
        print(report.render())
        if report.hasFailures { throw ExitCode(1) }
    }

    static func decibels(_ environment: [String: String], _ name: String) throws -> Double? {
        guard let text = environment[name] else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(name)=\(text): expected a number of decibels, e.g. 2.0")
        }
        return value
    }
}
