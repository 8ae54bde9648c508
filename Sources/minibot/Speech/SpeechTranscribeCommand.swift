import ArgumentParser
import AsyncHTTPClient
import Foundation
import MiniBotAudio
import MiniBotAudioTools
import MiniBotSpeech

/// `minibot speech transcribe FILE…`: what the configured recogniser hears in each file, heard
/// the way a call hears it (any WAV PCM16/µ-law/A-law or ffmpeg format, mixed to mono, resampled
/// to 8 kHz by the call path's resampler, fed in 20 ms frames as one utterance).
///
/// `--json`: one object per file on stdout, `{"file","text","engine","seconds","confidence","elapsed"}`
/// (`seconds`: the audio's length; `elapsed`: recognition time). A file that cannot be read or
/// recognised gets an `error: FILE: reason` line on stderr, the others are still transcribed, and
/// the command exits 1.
struct SpeechTranscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcribe",
        abstract: "Transcribe audio files with the configured engine (STT_ENGINE, WHISPER_URL, VOSK_MODEL_PATH…), as a call would hear them."
    )

    @Argument(help: "Audio files (WAV PCM16/µ-law/A-law at any rate; MP3/FLAC/OGG/M4A through ffmpeg).") var files: [String]
    @Flag(help: "One JSON object per file: file, text, engine, seconds, confidence, elapsed.") var json = false
    @Option(help: "Scenario whose vocabulary (company name, expected answers) primes the recogniser.") var scenario: String?
    @Option(name: .customLong("hint"), help: "A word or phrase likely to be said (repeatable).") var hints: [String] = []
    @Option(name: .customLong("env-file"), help: "Environment file to read (default .env; a missing file is fine; the environment wins).")
    var environmentFile: String = ".env"

    /// One file's line of output.
    struct Transcript: Encodable {
        var file: String
        var text: String
        var engine: String
        var seconds: Double
        var confidence: Double
        var elapsed: Double
    }

    func run() async throws {
        let environment = try await CommandEnvironment.load(environmentFile: environmentFile)
        let configuration: RecognizerConfiguration
        do { configuration = try RecognizerConfiguration(environment: environment) } catch { throw CLIError("\(error)") }
        var vocabulary = hints
        if let scenario { vocabulary = try ScenarioLocator.load(scenario).scenario.recognitionHints + vocabulary }
        // Fails an upload at once when the server is down, instead of retrying until the deadline.
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WhisperRecognizer.httpClientConfiguration())
        let failed: Bool
        do {
            let recognizer: any SpeechRecognizer
            do {
                recognizer = try await RecognizerFactory.make(configuration, environment: environment, httpClient: client, logger: CLILogging.logger)
            } catch {
                throw CLIError("\(error)")
            }
            if recognizer.name == SimulatedRecognizer.engineName {
                CLILogging.logger.warning("STT_ENGINE=simulated hears nothing in audio: every text will be empty. \(RecognizerAvailability.hint(environment: environment))")
            }
            failed = await transcribeAll(recognizer: recognizer, hints: vocabulary)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        if failed { throw ExitCode(1) }
    }

    /// Returns whether any file failed.
    func transcribeAll(recognizer: any SpeechRecognizer, hints: [String]) async -> Bool {
        let loader = AudioLoader()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var failed = false
        var standardError = StandardError()
        for file in files {
            do {
                let transcript = try await transcribe(file, recognizer: recognizer, hints: hints, loader: loader)
                if json {
                    print(String(decoding: try encoder.encode(transcript), as: UTF8.self))
                } else {
                    print("\(file): \(transcript.text.isEmpty ? "(nothing heard)" : transcript.text) ["
                        + String(format: "%@, %.2f s of audio, confidence %.2f, %.2f s", transcript.engine, transcript.seconds,
                                 transcript.confidence, transcript.elapsed) + "]")
                }
            } catch {
                failed = true
                print("error: \(Self.describe(error, file: file))", to: &standardError)
            }
        }
        return failed
    }

    func transcribe(_ file: String, recognizer: any SpeechRecognizer, hints: [String], loader: AudioLoader) async throws -> Transcript {
        let loaded = try loader.load(path: file)
        let mono = loaded.buffer.mono()
        guard mono.frameCount > 0 else { throw CLIError("\(file): no audio in the file") }
        let samples = mono.sampleRate == TelephoneAudio.sampleRate ? mono.samples : mono.resampled(to: TelephoneAudio.sampleRate).samples
        let seconds = Double(samples.count) / Double(TelephoneAudio.sampleRate)
        let started = ContinuousClock.now
        let heard = try await recognizer.recognizeUtterance(samples, hints: hints, callID: "transcribe-\(UUID().uuidString.prefix(8))")
        let elapsed = ContinuousClock.now - started
        return Transcript(file: file, text: heard.text, engine: heard.engine, seconds: Self.round(seconds),
                          confidence: Self.round(heard.confidence),
                          elapsed: Self.round(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
    }

    static func round(_ value: Double) -> Double { (value * 1_000).rounded() / 1_000 }

    /// Audio errors already name the file; recognition errors do not.
    static func describe(_ error: any Error, file: String) -> String {
        let text = "\(error)"
        return text.hasPrefix(file + ":") ? text : "\(file): \(text)"
    }
}
