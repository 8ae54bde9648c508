/// Errors of the audio shell, worded for an operator: they name the file and what to do.
public enum AudioToolError: Error, CustomStringConvertible, Equatable {
    case ffmpegMissing(file: String)
    case decodeFailed(file: String, reason: String)
    case unsupportedExtension(file: String)
    case writeFailed(file: String, reason: String)
    case invalidOption(String)

    public var description: String {
        switch self {
        case .ffmpegMissing(let file):
            return "\(file): ffmpeg is needed to read this format but was not found on PATH (install it: apt-get install ffmpeg)"
        case .decodeFailed(let file, let reason):
            return "\(file): \(reason)"
        case .unsupportedExtension(let file):
            return "\(file): unsupported file type (expected one of \(AudioLoader.supportedExtensions.sorted().joined(separator: ", ")))"
        case .writeFailed(let file, let reason):
            return "\(file): cannot write: \(reason)"
        case .invalidOption(let message):
            return message
        }
    }
}
