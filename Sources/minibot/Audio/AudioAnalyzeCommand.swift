import ArgumentParser
import Foundation
import MiniBotAudioTools

/// Runs the live call detectors (VAD, DTMF, AMD) over a file: handy to tune AMD on real
/// voicemail greetings an operator recorded.
struct AudioAnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Find speech segments, DTMF digits and the answering-machine verdict in a file."
    )

    @Argument(help: "Audio file (WAV, or any format ffmpeg reads).") var file: String
    @Flag(help: "One JSON object: {\"speech\":[…],\"dtmf\":[…],\"amd\":{…}}.") var json = false

    func run() throws {
        let analysis: AudioAnalysis
        do {
            analysis = try AudioAnalyzer.analyze(AudioLoader().load(path: file).buffer)
        } catch let error as AudioToolError {
            throw ValidationError(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(analysis), as: UTF8.self))
        } else {
            print(analysis.renderText(file: file))
        }
    }
}
