import Foundation
import MiniBotAudio

/// French text to speech with the local `espeak-ng` binary (SPEC C2), resampled to 8 kHz.
///
/// The process runs on a Dispatch thread, never on the cooperative pool or a NIO event loop,
/// so a 100 ms synthesis does not delay any call's audio. Cache results through
/// ``PromptLibrary``: each sentence should be synthesised once.
/// ```swift
/// if let espeak = EspeakSynthesizer.locate() {
///     let samples = try await espeak.synthesize("Bonjour", voice: nil)
/// }
/// ```
public struct EspeakSynthesizer: SpeechSynthesizer {
    /// `mbrola` for an MBROLA voice (`mb-fr1`…), else `espeak-ng`: the two sound nothing alike,
    /// and the name keys the phrase cache and is shown by `doctor`.
    public var name: String { language.hasPrefix("mb-") ? "mbrola" : "espeak-ng" }
    public var executable: String
    /// The espeak-ng voice (`-v`): `fr`, `fr-fr`, or an MBROLA voice such as `mb-fr1` (needs the
    /// `mbrola` and `mbrola-fr1` packages).
    public var language: String
    public var wordsPerMinute: Int

    public init(executable: String = "/usr/bin/espeak-ng", language: String = "fr", wordsPerMinute: Int = 165) {
        self.executable = executable
        self.language = language
        self.wordsPerMinute = wordsPerMinute
    }

    /// The synthesizer if an `espeak-ng` binary is found on `PATH` (or the usual places).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> EspeakSynthesizer? {
        var folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        folders += ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        for folder in folders {
            let candidate = folder + "/espeak-ng"
            if FileManager.default.isExecutableFile(atPath: candidate) { return EspeakSynthesizer(executable: candidate) }
        }
        return nil
    }

    public func synthesize(_ text: String, voice: String?) async throws -> [Int16] {
        let executable = executable
        let arguments = ["-v", language, "-s", String(wordsPerMinute), "--stdout", text]
        let bytes: [UInt8] = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    continuation.resume(returning: try Self.run(executable, arguments))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        return try Self.decode(bytes, text: text)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { throw SynthesisError("cannot start \(executable): \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SynthesisError("\(executable) exited with status \(process.terminationStatus)")
        }
        return [UInt8](data)
    }

    /// espeak-ng's `--stdout` WAV has unfinished sizes (it streams); fix them before decoding.
    static func decode(_ bytes: [UInt8], text: String) throws -> [Int16] {
        var fixed = bytes
        guard fixed.count >= 44 else { throw SynthesisError("espeak-ng produced no audio for \"\(text)\"") }
        StereoWAVHeader.patchSizes(&fixed)
        let decoded: (buffer: AudioBuffer, format: WAVFormat)
        do { decoded = try WAV.decode(fixed, name: "espeak-ng") } catch {
            throw SynthesisError("espeak-ng output is not a WAV file: \(error)")
        }
        return decoded.buffer.mono().resampled(to: TelephoneAudio.sampleRate).samples
    }
}
