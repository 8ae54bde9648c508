import Foundation
import MiniBotAudio

/// Reads any audio file an operator may drop into `audio/`: WAV natively (PCM16, µ-law,
/// A-law), everything else (MP3, M4A, FLAC, OGG, AAC, float or 24-bit WAV) through ffmpeg.
///
/// ```swift
/// let loaded = try AudioLoader().load(path: "audio/julie/base/hello.mp3")
/// print(loaded.buffer.sampleRate, loaded.sourceFormat) // 44100 "mp3"
/// ```
public struct AudioLoader: Sendable {
    /// File extensions `audio prepare` picks up.
    public static let supportedExtensions: Set<String> = ["wav", "mp3", "m4a", "flac", "ogg", "oga", "opus", "aac", "wma"]

    public struct Loaded: Sendable {
        public var buffer: AudioBuffer
        /// `pcm16`/`ulaw`/`alaw` for WAVs read natively, else the file extension (decoded by ffmpeg).
        public var sourceFormat: String
        public var bytes: [UInt8]
    }

    private let ffmpegPath: String?

    public init(ffmpegPath: String? = AudioLoader.findFFmpeg()) {
        self.ffmpegPath = ffmpegPath
    }

    /// The `ffmpeg` on `PATH`, if any.
    public static func findFFmpeg() -> String? { ExternalTool.locate("ffmpeg") }

    public var hasFFmpeg: Bool { ffmpegPath != nil }

    public func load(path: String) throws -> Loaded {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AudioToolError.decodeFailed(file: path, reason: "file not found or not readable")
        }
        let bytes = [UInt8](data)
        let ext = (path as NSString).pathExtension.lowercased()
        guard Self.supportedExtensions.contains(ext) || ext == "raw" || ext == "sln" else {
            throw AudioToolError.unsupportedExtension(file: path)
        }
        if ext == "sln" || ext == "raw" {
            return Loaded(buffer: AudioBuffer(sampleRate: TelephoneAudio.sampleRate, channels: 1, samples: Self.littleEndianSamples(bytes)),
                          sourceFormat: "slin", bytes: bytes)
        }
        if ext == "wav" {
            do {
                let decoded = try WAV.decode(bytes, name: path)
                return Loaded(buffer: decoded.buffer, sourceFormat: decoded.format.encoding.rawValue, bytes: bytes)
            } catch {
                // Not a format we read natively (float, 24-bit, ADPCM…): ffmpeg may. If it
                // cannot either, the native reader's reason is the clearer one.
                guard ffmpegPath != nil, isRIFF(bytes) else { throw AudioToolError.decodeFailed(file: path, reason: error.reason) }
                if let viaFFmpeg = try? decodeWithFFmpeg(path: path) {
                    return Loaded(buffer: viaFFmpeg, sourceFormat: "wav", bytes: bytes)
                }
                throw AudioToolError.decodeFailed(file: path, reason: error.reason)
            }
        }
        return Loaded(buffer: try decodeWithFFmpeg(path: path), sourceFormat: ext, bytes: bytes)
    }

    /// Decodes through `ffmpeg … -f wav -acodec pcm_s16le -` and parses the WAV it streams.
    func decodeWithFFmpeg(path: String) throws -> AudioBuffer {
        guard let ffmpegPath else { throw AudioToolError.ffmpegMissing(file: path) }
        let output: ExternalTool.Output
        do {
            output = try ExternalTool.run(ffmpegPath, ["-nostdin", "-hide_banner", "-v", "error", "-i", path,
                                                       "-vn", "-f", "wav", "-acodec", "pcm_s16le", "-"])
        } catch {
            throw AudioToolError.decodeFailed(file: path, reason: "cannot run ffmpeg: \(error)")
        }
        guard output.status == 0, !output.stdout.isEmpty else {
            let message = String(decoding: output.stderr, as: UTF8.self)
                .split(separator: "\n").last.map(String.init) ?? "ffmpeg exited with status \(output.status)"
            throw AudioToolError.decodeFailed(file: path, reason: "ffmpeg cannot decode it: \(Self.shorten(message, path: path))")
        }
        do {
            let decoded = try WAV.decode([UInt8](output.stdout), name: path)
            guard decoded.buffer.frameCount > 0 else {
                throw AudioToolError.decodeFailed(file: path, reason: "no audio samples in file")
            }
            return decoded.buffer
        } catch let error as WAVError {
            throw AudioToolError.decodeFailed(file: path, reason: "ffmpeg output unreadable: \(error.reason)")
        }
    }

    private func isRIFF(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 12 && bytes[0..<4].elementsEqual("RIFF".utf8)
    }

    /// ffmpeg prefixes its messages with the input path; keep just the reason.
    private static func shorten(_ message: String, path: String) -> String {
        var text = message.replacingOccurrences(of: path + ": ", with: "")
        text = text.trimmingCharacters(in: .whitespaces)
        return text.isEmpty ? "unknown error" : text
    }

    static func littleEndianSamples(_ bytes: [UInt8]) -> [Int16] {
        var samples = [Int16](repeating: 0, count: bytes.count / 2)
        for index in samples.indices {
            samples[index] = Int16(bitPattern: UInt16(bytes[2 * index]) | UInt16(bytes[2 * index + 1]) << 8)
        }
        return samples
    }
}
