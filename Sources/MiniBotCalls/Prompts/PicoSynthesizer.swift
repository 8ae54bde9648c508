import Foundation
import MiniBotAudio

/// French text to speech with SVOX Pico's `pico2wave` (Debian `libttspico-utils`, non-free
/// component; voice data Apache-2.0): the most natural local French voice measured here (word
/// error 0.02 through Whisper after the telephone path, against > 1.0 for espeak-ng's own voice).
///
/// pico2wave writes only to a file, so each sentence goes through a private temporary file.
/// Runs on a Dispatch thread like ``EspeakSynthesizer``. Pico has one French voice; `voice` is
/// ignored. Pico's markup is accepted in the text (`<pitch level='80'>…</pitch>`, `<speed level='110'>`).
/// ```swift
/// if let pico = PicoSynthesizer.locate() { let samples = try await pico.synthesize("Bonjour", voice: nil) }
/// ```
public struct PicoSynthesizer: SpeechSynthesizer {
    public let name = "pico"
    public var executable: String
    /// Pico's language code (`fr-FR`).
    public var language: String

    public init(executable: String = "/usr/bin/pico2wave", language: String = "fr-FR") {
        self.executable = executable
        self.language = language
    }

    /// The synthesizer if `pico2wave` is on `PATH` (or in /usr/bin).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> PicoSynthesizer? {
        ExecutableSearch.find("pico2wave", environment: environment).map { PicoSynthesizer(executable: $0) }
    }

    public func synthesize(_ text: String, voice: String?) async throws -> [Int16] {
        let executable = executable, language = language
        let bytes: [UInt8] = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    continuation.resume(returning: try Self.run(executable, language: language, text: text))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        let decoded: (buffer: AudioBuffer, format: WAVFormat)
        do { decoded = try WAV.decode(bytes, name: "pico2wave") } catch {
            throw SynthesisError("pico2wave output is not a WAV file: \(error)")
        }
        guard decoded.buffer.frameCount > 0 else { throw SynthesisError("pico2wave produced no audio for \"\(text)\"") }
        return decoded.buffer.mono().resampled(to: TelephoneAudio.sampleRate).samples
    }

    static func run(_ executable: String, language: String, text: String) throws -> [UInt8] {
        let folder = NSTemporaryDirectory() + "minibot-pico-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // pico2wave picks the output format from the `.wav` suffix.
        let output = folder + "/speech.wav"
        _ = try EspeakSynthesizer.run(executable, ["-l", language, "-w", output, "--", text])
        guard let data = FileManager.default.contents(atPath: output) else {
            throw SynthesisError("\(executable) wrote no file for \"\(text)\"")
        }
        return [UInt8](data)
    }
}

/// Finds a program on `PATH`, then in the usual folders.
enum ExecutableSearch {
    static func find(_ name: String, environment: [String: String]) -> String? {
        var folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        folders += ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
