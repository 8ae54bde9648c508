import ArgumentParser
import Foundation
import MiniBotAudio
import MiniBotAudioTools

/// A plain, exact format conversion: no level change, ever.
struct AudioConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert an audio file's codec, rate or channels without changing its level."
    )

    @Argument(help: "Input file (WAV, or any format ffmpeg reads).") var input: String
    @Argument(help: "Output WAV file (.sln/.raw for raw 16-bit little-endian).") var output: String
    @Option(help: "Output codec: pcm16, ulaw or alaw (default: the input's codec for WAV input, else pcm16).") var codec: String?
    @Option(help: "Output sample rate in Hz.") var rate: Int?
    @Option(help: "Output channels: 1 or 2.") var channels: Int?

    func run() throws {
        var encoding: AudioEncoding?
        if let codec {
            guard let parsed = AudioEncoding(rawValue: codec.lowercased()) else {
                throw ValidationError("--codec \(codec): expected pcm16, ulaw or alaw")
            }
            encoding = parsed
        }
        do {
            let loaded = try AudioLoader().load(path: input)
            let converted = try AudioConverter.convert(loaded.buffer, channels: channels, sampleRate: rate)
            let outputEncoding = encoding ?? AudioEncoding(rawValue: loaded.sourceFormat) ?? .pcm16
            let ext = (output as NSString).pathExtension.lowercased()
            let bytes: [UInt8]
            if ext == "sln" || ext == "raw" {
                bytes = converted.samples.flatMap { [UInt8(truncatingIfNeeded: $0), UInt8(truncatingIfNeeded: $0 >> 8)] }
            } else {
                bytes = WAV.encode(converted, as: outputEncoding)
            }
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw AudioToolError.writeFailed(file: output, reason: error.localizedDescription)
            }
        } catch let error as AudioToolError {
            throw ValidationError(error.description)
        }
    }
}
