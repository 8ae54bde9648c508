/// The format a WAV file declared: how its samples were stored, at what rate, in how
/// many channels. `WAV.read` returns it so a caller can tell "already 8 kHz µ-law, copy
/// as is" from "needs converting".
/// ```swift
/// let (_, format) = try WAV.read(path: "bonjour.wav")
/// let ready = format == WAVFormat(encoding: .ulaw, sampleRate: 8_000, channels: 1)
/// ```
public struct WAVFormat: Sendable, Equatable {
    public var encoding: AudioEncoding
    public var sampleRate: Int
    public var channels: Int

    public init(encoding: AudioEncoding, sampleRate: Int, channels: Int) {
        self.encoding = encoding
        self.sampleRate = sampleRate
        self.channels = channels
    }
}

/// Why a WAV file could not be read or written, naming the file so a batch report
/// ("audio prepare" over a folder) points at the culprit.
/// ```swift
/// do { _ = try WAV.read(path: path) } catch { print(error) }
/// // "prompts/hello.wav: unsupported encoding: IEEE float 32-bit (format 0x0003); …"
/// ```
public struct WAVError: Error, CustomStringConvertible, Equatable {
    /// The file name (or the name the caller gave the bytes).
    public let file: String
    /// What is wrong, in words an operator can act on.
    public let reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): \(reason)" }
}
