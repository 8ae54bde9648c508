import Foundation
import Testing
@testable import MiniBotSpeech

/// The Swift Vosk adapter must hear exactly what Vosk's own Python binding hears.
///
/// Kaldi dithers the features with the process-global C `rand()`, so a decode is only reproducible
/// after `srand(seed)` and with no other decode running: hence `.serialized`, and no other suite decodes.
@Suite("Vosk recognizer through libvosk", .serialized)
struct VoskRecognizerIsolatedTests {
    static let frameSamples = 160  // 20 ms at 8 kHz, as AudioSocket delivers it
    static let seed: UInt32 = 20_261_122

    private func recognize(_ samples: [Int16], rate: Int, with recognizer: VoskRecognizer) async throws -> (RecognitionResult, [RecognitionResult]) {
        let session = try await recognizer.startSession(callID: "vosk-test", sampleRate: rate, hints: ["ignored"])
        var partials: [RecognitionResult] = []
        var start = 0
        while start < samples.count {
            let frame = Array(samples[start..<min(start + Self.frameSamples, samples.count)])
            if let partial = try await session.accept(frame) { partials.append(partial) }
            start += Self.frameSamples
        }
        return (try await session.finish(), partials)
    }

    @Test(.enabled(if: VoskFixture.acceptanceMissing == nil, "\(VoskFixture.acceptanceMissing ?? "")"))
    func finalTextEqualsThePythonBinding() async throws {
        let modelPath = try #require(VoskFixture.modelPath)
        let clip = try VoskFixture.koreanClip(rate: 8_000)
        let reference = try VoskFixture.pythonReference(
            rawPath: clip.path, rate: 8_000, frameSamples: Self.frameSamples, modelPath: modelPath, randomSeed: Self.seed)
        let recognizer = try await VoskFixture.shared.get()

        // Kaldi dithers features with the C library's global rand(): seed it as the Python side does.
        srand(Self.seed)
        let (final, partials) = try await recognize(clip.samples, rate: 8_000, with: recognizer)

        // Kaldi dithers features with the process-wide rand(), and on fresh CI machines even two
        // Python runs of this clip differed by two words: compare like a recognizer, not bytes. A
        // binding error (wrong rate, frames or result parsing) gives unrelated or empty text.
        #expect(!reference.text.isEmpty)
        let words = reference.text.split(separator: " ").count
        #expect(words >= 4)
        #expect(wordEditDistance(final.text, reference.text) * 3 <= words, "\(final.text) vs \(reference.text)")
        #expect(abs(final.confidence - reference.confidence) < 0.1)
        #expect(final.isFinal)
        #expect(final.engine == "vosk")
        #expect(!partials.isEmpty)
        #expect(partials.allSatisfy { !$0.isFinal && $0.engine == "vosk" })
        #expect(zip(partials, partials.dropFirst()).allSatisfy { $0.text != $1.text })
    }

    @Test(.enabled(if: VoskFixture.acceptanceMissing == nil, "\(VoskFixture.acceptanceMissing ?? "")"))
    func concurrentSessionsDoNotHearEachOther() async throws {
        let clip = try VoskFixture.koreanClip(rate: 8_000)
        let silence = [Int16](repeating: 0, count: clip.samples.count)
        let recognizer = try await VoskFixture.shared.get()

        let results = try await withThrowingTaskGroup(of: (Int, RecognitionResult).self) { group in
            for index in 0..<4 {
                group.addTask { (index, try await recognize(index.isMultiple(of: 2) ? clip.samples : silence, rate: 8_000, with: recognizer).0) }
            }
            return try await group.reduce(into: [Int: RecognitionResult]()) { $0[$1.0] = $1.1 }
        }

        #expect(results.count == 4)
        #expect(results[1] == .silence(engine: "vosk"))
        #expect(results[3] == .silence(engine: "vosk"))
        #expect(results[0].map { !$0.text.isEmpty && $0.confidence > 0 } == true)
        #expect(results[2].map { !$0.text.isEmpty && $0.confidence > 0 } == true)
    }

    @Test(.enabled(if: VoskFixture.modelMissing == nil, "\(VoskFixture.modelMissing ?? "")"))
    func silenceGivesEmptyFinalText() async throws {
        let recognizer = try await VoskFixture.shared.get()
        let (final, _) = try await recognize([Int16](repeating: 0, count: 8_000), rate: 8_000, with: recognizer)
        #expect(final == .silence(engine: "vosk"))
    }

    @Test(.enabled(if: VoskFixture.modelMissing == nil, "\(VoskFixture.modelMissing ?? "")"))
    func sessionIsSingleUse() async throws {
        let recognizer = try await VoskFixture.shared.get()
        let session = try await recognizer.startSession(sampleRate: 8_000, hints: [])
        _ = try await session.finish()
        await #expect(throws: RecognitionError.invalidInput("Vosk session already finished")) {
            try await session.accept([0, 0])
        }
        await #expect(throws: RecognitionError.invalidInput("Vosk session already finished")) {
            try await session.finish()
        }
    }

    /// Here rather than with the factory tests: loading a model must not run beside the seeded decode above.
    @Test(.enabled(if: VoskFixture.modelMissing == nil, "\(VoskFixture.modelMissing ?? "")"))
    func factoryBuildsVoskFromAPythonInstall() async throws {
        let modelPath = try #require(VoskFixture.modelPath)
        let recognizer = try await RecognizerFactory.make(
            RecognizerConfiguration(engine: .vosk, voskModelPath: modelPath), environment: VoskFixture.environment)
        #expect(recognizer.name == "vosk")
    }

    @Test(.enabled(if: VoskFixture.libraryMissing == nil, "\(VoskFixture.libraryMissing ?? "")"))
    func missingModelDirectoryIsEngineUnavailable() async throws {
        let library = try #require(VoskFixture.library)
        let path = "/nonexistent/vosk-model-small-fr-0.22"
        await #expect(throws: RecognitionError.engineUnavailable("Vosk model directory not found: \(path) (VOSK_MODEL_PATH)")) {
            _ = try await VoskRecognizer.load(library: library, modelPath: path)
        }
    }

    @Test(.enabled(if: VoskFixture.libraryMissing == nil, "\(VoskFixture.libraryMissing ?? "")"))
    func directoryWithoutAModelIsEngineUnavailable() async throws {
        let library = try #require(VoskFixture.library)
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let error = await #expect(throws: RecognitionError.self) {
            _ = try await VoskRecognizer.load(library: library, modelPath: empty)
        }
        #expect(error == .engineUnavailable("Vosk could not load the model at \(empty) (not a Vosk model directory?)"))
    }
}

/// Loading `libvosk.so`: failures name the path; discovery follows Python install layouts.
@Suite("Vosk library loading and discovery")
struct VoskLibraryTests {
    @Test func missingLibraryNamesThePath() {
        let path = "/nonexistent/dir/libvosk.so"
        #expect(throws: RecognitionError.engineUnavailable("libvosk not found at \(path)")) {
            _ = try VoskLibrary(path: path)
        }
    }

    @Test func fileThatIsNotALibraryIsRejectedWithDlopenReason() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-lib-\(UUID().uuidString).so").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: RecognitionError.self) { _ = try VoskLibrary(path: path) }
        guard case .engineUnavailable(let reason) = error else {
            Issue.record("expected engineUnavailable, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("cannot load libvosk at \(path): "))
    }

    @Test func libraryWithoutVoskSymbolsIsRejected() throws {
        let libm = try #require(VoskLibraryDiscovery.firstExisting(["/lib/*/libm.so.6", "/usr/lib/*/libm.so.6", "/lib64/libm.so.6"]))
        #expect(throws: RecognitionError.engineUnavailable("\(libm) has no symbol vosk_model_new; is it libvosk?")) {
            _ = try VoskLibrary(path: libm)
        }
    }

    @Test func locateReportsEverySearchedPlace() throws {
        let root = "/nonexistent-\(UUID().uuidString)"
        let environment = ["HOME": root, "VOSK_LIBRARY_PATH": root + "/vosk"]
        let error = #expect(throws: RecognitionError.self) {
            _ = try VoskLibrary.locate(configuredPath: nil, environment: environment)
        }
        guard case .engineUnavailable(let reason) = error else {
            Issue.record("expected engineUnavailable, got \(String(describing: error))")
            return
        }
        #expect(reason.contains(root + "/vosk/libvosk.so"))
        #expect(reason.contains(root + "/.pyenv/versions/*/lib/python3*/site-packages/vosk/libvosk.so"))
        #expect(reason.contains("/usr/local/lib/python3*/site-packages/vosk/libvosk.so"))
    }

    @Test func configuredPathWinsOverDiscovery() {
        #expect(throws: RecognitionError.engineUnavailable("libvosk not found at /configured/libvosk.so")) {
            _ = try VoskLibrary.locate(configuredPath: "/configured/libvosk.so", environment: [:])
        }
    }

    @Test func discoveryFindsAVirtualenvInstall() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("venv-\(UUID().uuidString)").path
        let voskDir = root + "/lib/python3.12/site-packages/vosk"
        try FileManager.default.createDirectory(atPath: voskDir, withIntermediateDirectories: true)
        try Data().write(to: URL(fileURLWithPath: voskDir + "/libvosk.so"))

        let patterns = VoskLibraryDiscovery.libraryPatterns(environment: ["VIRTUAL_ENV": root, "HOME": "/nonexistent-home"])

        #expect(patterns.first == root + "/lib/python3*/site-packages/vosk/libvosk.so")
        #expect(VoskLibraryDiscovery.firstExisting(patterns) == voskDir + "/libvosk.so")
    }

    @Test(arguments: [("/opt/vosk", "/opt/vosk/libvosk.so"), ("/opt/vosk/libvosk.so", "/opt/vosk/libvosk.so")])
    func environmentPathMayBeAFileOrADirectory(value: String, expected: String) {
        #expect(VoskLibraryDiscovery.libraryPatterns(environment: ["VOSK_LIBRARY_PATH": value]).first == expected)
    }
}

/// Vosk's JSON strings.
@Suite("Vosk result parsing")
struct VoskResultParserTests {
    @Test func resultWithWordsGivesTextAndConfidences() throws {
        let json = #"{"result":[{"conf":0.5,"end":0.3,"start":0.1,"word":"oui"},{"conf":1.0,"end":0.6,"start":0.3,"word":"merci"}],"text":"oui merci"}"#
        let segment = try VoskResultParser.result(from: json)
        #expect(segment == .init(text: "oui merci", confidences: [0.5, 1.0]))
    }

    @Test func partialIsRead() throws {
        #expect(try VoskResultParser.partial(from: "{\n  \"partial\" : \"bonjour ma\"\n}") == "bonjour ma")
    }

    @Test(arguments: ["", "{", #"{"partial":"x"}"#, #"{"text":1}"#])
    func badResultsAreMalformed(json: String) {
        #expect(throws: RecognitionError.self) { try VoskResultParser.result(from: json) }
    }

    @Test func transcriptJoinsSegmentsAndAveragesEveryWord() {
        var transcript = VoskTranscript()
        #expect(transcript.confidence == 0)
        transcript.append(.init(text: "allo", confidences: [0.2]))
        transcript.append(.init(text: "", confidences: []))
        transcript.append(.init(text: "oui c'est moi", confidences: [0.8, 0.8, 0.8]))
        #expect(transcript.text() == "allo oui c'est moi")
        #expect(transcript.text(with: "je") == "allo oui c'est moi je")
        #expect(abs(transcript.confidence - (0.2 + 0.8 * 3) / 4) < 1e-12)
    }

    @Test func wordEditDistanceCountsWholeWords() {
        #expect(wordEditDistance("a b c d", "a b c d") == 0)
        #expect(wordEditDistance("a b X d", "a b c d") == 1)
        #expect(wordEditDistance("a b", "a b c d") == 2)
        #expect(wordEditDistance("", "a b") == 2)
    }

    @Test func wordsWithoutConfidenceCountAsCertain() {
        var transcript = VoskTranscript()
        transcript.append(.init(text: "oui", confidences: []))
        #expect(transcript.confidence == 1)
    }
}

/// Word-level Levenshtein distance.
func wordEditDistance(_ a: String, _ b: String) -> Int {
    let x = a.split(separator: " "), y = b.split(separator: " ")
    var row = Array(0...y.count)
    for i in 1...max(x.count, 1) where !x.isEmpty {
        var previous = row[0]
        row[0] = i
        for j in stride(from: 1, through: y.count, by: 1) {
            let current = row[j]
            row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (x[i - 1] == y[j - 1] ? 0 : 1))
            previous = current
        }
    }
    return x.isEmpty ? y.count : row[y.count]
}
