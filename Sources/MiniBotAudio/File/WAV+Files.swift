import Foundation

/// The only file I/O of MiniBotAudio: whole-file read and atomic write, so the `audio
/// prepare` shell and tests do not each re-implement them. Everything else in the target
/// works on bytes in memory.
/// ```swift
/// let (buffer, _) = try WAV.read(path: "in.wav")
/// try WAV.write(buffer, as: .ulaw, to: "/var/lib/asterisk/sounds/fr/minibot/in.wav")
/// ```
extension WAV {
    /// Reads and decodes the WAV file at `path`; errors name `path`.
    public static func read(path: String) throws(WAVError) -> (buffer: AudioBuffer, format: WAVFormat) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw WAVError(file: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw WAVError(file: path, reason: "is a directory, not a WAV file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw WAVError(file: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode([UInt8](data), name: path)
    }

    /// Encodes `buffer` and writes it to `path` atomically (a reader never sees half a file).
    public static func write(_ buffer: AudioBuffer, as encoding: AudioEncoding, to path: String) throws(WAVError) {
        guard buffer.channels > 0, buffer.sampleRate > 0 else {
            throw WAVError(file: path, reason: "cannot write \(buffer.channels) channel(s) at \(buffer.sampleRate) Hz")
        }
        do {
            try Data(encode(buffer, as: encoding)).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw WAVError(file: path, reason: "cannot write the file (\(error.localizedDescription))")
        }
    }
}
