import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotSpeech
import MiniBotTelephony
import Synchronization
import Testing

/// B8: the scenario's background ambience under the bot's voice.
@Suite("Background ambience (B8)")
struct AmbienceTests {
    private func soundsFolder(wav: AudioBuffer) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ambience-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/ambiance", withIntermediateDirectories: true)
        try Data(WAV.encode(wav, as: .pcm16)).write(to: URL(fileURLWithPath: root + "/ambiance/office.wav"))
        return root
    }

    private func scenario(_ extras: [JSONField]) throws -> Scenario {
        var scenario = try Fixtures.finance()
        scenario.metadata.extras += extras
        return scenario
    }

    @Test func theScenarioNamesTheFileAndTheVolume() throws {
        // One second of 16 kHz stereo: loaded as 8 kHz mono.
        let stereo = AudioBuffer(sampleRate: 16_000, channels: 2, samples: [Int16](repeating: 2_000, count: 32_000))
        let root = try soundsFolder(wav: stereo)
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Ambience.load(scenario: try scenario([]), soundsRoot: root) == nil)
        let standard = try #require(try Ambience.load(scenario: try scenario([JSONField("background_audio", .string("ambiance/office.wav"))]),
                                                      soundsRoot: root))
        #expect(standard.gainDB == -8)
        #expect(abs(standard.samples.count - 8_000) <= 2)
        #expect(abs(Int(standard.samples[4_000]) - 2_000) < 20)
        let quieter = try Ambience.load(scenario: try scenario([JSONField("background_audio", .string(root + "/ambiance/office.wav")),
                                                                JSONField("background_volume_db", .number(-12))]), soundsRoot: nil)
        #expect(quieter?.gainDB == -12)
        #expect(throws: Ambience.LoadError.badVolume("a string")) {
            _ = try Ambience.load(scenario: try scenario([JSONField("background_audio", .string("ambiance/office.wav")),
                                                          JSONField("background_volume_db", .string("loud"))]), soundsRoot: root)
        }
        #expect(throws: Ambience.LoadError.badVolume("3.0")) {
            _ = try Ambience.load(scenario: try scenario([JSONField("background_audio", .string("ambiance/office.wav")),
                                                          JSONField("background_volume_db", .number(3))]), soundsRoot: root)
        }
        let missing = #expect(throws: Ambience.LoadError.self) {
            _ = try Ambience.load(scenario: try scenario([JSONField("background_audio", .string("nope.wav"))]), soundsRoot: root)
        }
        #expect(missing?.description.contains("nope.wav") == true)
    }

    @Test func theLoopGoesOnFromOnePromptToTheNext() {
        let ambience = Ambience(samples: (0..<400).map { Int16($0 * 10) })
        var offset = 0
        let first = ambience.mix(Prompt(id: "a", samples: [Int16](repeating: 0, count: 320)), offset: &offset)
        #expect(offset == 320)
        let second = ambience.mix(Prompt(id: "b", samples: [Int16](repeating: 100, count: 160)), offset: &offset)
        #expect(offset == 80)
        let factor = pow(10, -8.0 / 20)
        #expect(first.id == "a" && first.frames.flatMap { $0 } == (0..<320).map { Int16((Double($0 * 10) * factor).rounded()) })
        let expected = (0..<160).map { Int16((100 + Double(((320 + $0) % 400) * 10) * factor).rounded()) }
        #expect(second.frames.flatMap { $0 } == expected)
    }

    /// Records what the runner plays; the test hangs up after the first prompt.
    final class RecordingSession: CallSession {
        let callID = UUID()
        let metadata = CallMetadata(transport: "test")
        let events: CallEventStream
        private let continuation: AsyncStream<CallEvent>.Continuation
        let played = Mutex<[Prompt]>([])
        let firstPlayed: AsyncStream<Void>
        private let firstPlayedSink: AsyncStream<Void>.Continuation

        init() {
            let (stream, continuation) = AsyncStream.makeStream(of: CallEvent.self)
            events = CallEventStream(stream)
            self.continuation = continuation
            (firstPlayed, firstPlayedSink) = AsyncStream.makeStream(of: Void.self)
        }

        func play(_ prompt: Prompt) async {
            played.withLock { $0.append(prompt) }
            firstPlayedSink.yield()
        }

        func stop() async -> Int { 0 }

        func hangup() async {
            continuation.yield(.hangup(.localHangup))
            continuation.finish()
        }

        func remoteHangup() {
            continuation.yield(.hangup(.remoteHangup))
            continuation.finish()
        }
    }

    private func firstPrompt(_ scenario: Scenario, soundsRoot: String) async throws -> Prompt {
        let runner = CallRunner(scenario: scenario, nlu: Fixtures.nlu, recognizer: SimulatedRecognizer(script: SimulatedScript()),
                                prompts: PromptLibrary(soundsRoot: soundsRoot, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 1,
                                                                                                          minimumMilliseconds: 200)))
        let session = RecordingSession()
        async let report = runner.run(session)
        for await _ in session.firstPlayed { break }
        session.remoteHangup()
        _ = await report
        return try #require(session.played.withLock { $0.first })
    }

    @Test func liveCallsPlayThePromptsWithTheAmbienceUnder() async throws {
        let mono = AudioBuffer(sampleRate: 8_000, channels: 1, samples: (0..<4_000).map { Int16(($0 % 50) * 40 - 1_000) })
        let root = try soundsFolder(wav: mono)
        defer { try? FileManager.default.removeItem(atPath: root) }
        // The first step's audio file does not exist under this root: it is synthesised as a tone.
        let plain = try await firstPrompt(try scenario([]), soundsRoot: root)
        let withAmbience = try await firstPrompt(try scenario([JSONField("background_audio", .string("ambiance/office.wav"))]),
                                                 soundsRoot: root)
        #expect(withAmbience.id == plain.id)
        #expect(withAmbience.frames.count == plain.frames.count)
        let expected = Mixer.mix(voice: plain.frames.flatMap { $0 }, background: mono.samples, backgroundGainDB: -8)
        #expect(withAmbience.frames.flatMap { $0 } == expected)
        #expect(withAmbience != plain)
    }
}
