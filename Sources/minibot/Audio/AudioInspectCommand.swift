import ArgumentParser
import Foundation
import MiniBotAudioTools

struct AudioInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show format, rate, channels, duration, peak and RMS of audio files."
    )

    @Argument(help: "Audio files.") var files: [String]
    @Flag(help: "One JSON object per file.") var json = false

    func run() throws {
        let loader = AudioLoader()
        var failed = false
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for file in files {
            do {
                let info = try AudioInspector.inspect(path: file, loader: loader)
                if json {
                    print(String(decoding: try encoder.encode(info), as: UTF8.self))
                } else {
                    let peak = info.peakDBFS.map { String(format: "%.1f dBFS", $0) } ?? "-inf dBFS"
                    let rms = info.rmsDBFS.map { String(format: "%.1f dBFS", $0) } ?? "-inf dBFS"
                    print("\(file): \(info.format), \(info.sampleRate) Hz, \(info.channels == 1 ? "mono" : "\(info.channels) channels"), "
                        + String(format: "%.3f s", info.durationSeconds) + ", peak \(peak), RMS \(rms)")
                }
            } catch {
                failed = true
                var standardError = StandardError()
                print("error: \(error)", to: &standardError)
            }
        }
        if failed { throw ExitCode(1) }
    }
}

/// `print(…, to: &standardError)` for error lines that must not pollute JSON on stdout.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
