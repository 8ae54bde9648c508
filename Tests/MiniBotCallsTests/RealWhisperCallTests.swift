import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotSpeech
import MiniBotTelephony
import Testing

/// A caller whose voice is the committed French telephone clips (Tests/SpeechClips/fr): each
/// line of the persona plays its clip, framed in 20 ms as a PBX sends it.
struct ClipVoice: CallerVoice {
    let clips: [String: [Int16]]

    init(_ files: [String: String]) throws {
        let folder = Fixtures.repositoryRoot + "/Tests/SpeechClips/fr/"
        clips = try files.mapValues { try WAV.read(path: folder + $0).buffer.mono().samples }
    }

    func frames(for text: String) async -> [[Int16]] {
        guard let samples = clips[text] else { return [] }
        return stride(from: 0, to: samples.count, by: 160).map { start in
            var frame = Array(samples[start..<min(start + 160, samples.count)])
            frame += [Int16](repeating: 0, count: 160 - frame.count)
            return frame
        }
    }
}

/// One whole call over loopback AudioSocket where the caller speaks real French audio and the
/// bot hears it through the REAL local recogniser (scripts/whisper-local.sh; WHISPER_URL).
/// Serial phase (filter `RealWhisper`): the recogniser needs both cores.
@Suite("RealWhisper: a call over AudioSocket with French audio and the real recogniser", .serialized,
       .enabled(if: ProcessInfo.processInfo.environment["WHISPER_URL"].map { !$0.isEmpty } ?? false,
                "WHISPER_URL not set: run eval \"$(scripts/whisper-local.sh start)\" (scripts/test.sh does)"))
struct RealWhisperCallTests {
    @Test func anInterestedCallerSpeakingFrenchBecomesALead() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["WHISPER_URL"])
        let lines = [
            "Oui, c'est moi.": "oui-c-est-moi.wav",
            "Oui, j'en ai un.": "oui-j-en-ai-un.wav",
            "C'est trop cher pour moi.": "trop-cher.wav",
            "Oui, ça m'intéresse.": "ca-m-interesse.wav",
            "Oui, d'accord.": "oui-d-accord.wav",
            "Demain matin, ce serait parfait.": "demain-matin.wav",
        ]
        let voice = try ClipVoice(lines)
        let persona = Persona(name: "interested (real French audio)", turns: [
            .say("Oui, c'est moi."), .say("Oui, j'en ai un."), .say("C'est trop cher pour moi."),
            .say("Oui, ça m'intéresse."), .say("Oui, d'accord."), .say("Demain matin, ce serait parfait."),
        ], maxCallMs: 240_000)
        var controller = CallControllerConfiguration()
        controller.recognitionTimeoutMs = 60_000   // a loaded CI machine; a call's default is 10 s
        let whisper = WhisperRecognizer(configuration: WhisperConfiguration(baseURL: url, timeout: .seconds(60)))
        let (outcome, reports, _) = try await Loopback.run(scenario: try Fixtures.finance(timeout: 8), controller: controller,
                                                           recognizer: { _ in whisper }, voice: voice) { pbx in
            try await pbx.call(persona)
        }
        let report = try #require(reports.first)
        let heard = report.turns.filter { $0.speaker == .caller }
        for turn in heard { print("RealWhisper call heard: \"\(turn.text)\" (\(turn.engine))") }
        #expect(report.result == .lead)
        #expect(outcome.endedBy == .bot)
        #expect(report.engine == "whisper")
        #expect(heard.count >= 5)
        #expect(heard.allSatisfy { $0.engine == "whisper" })
        #expect(heard.contains { $0.text.lowercased().contains("trop cher") })
    }
}

/// Records the hints each session was opened with.
final class HintRecorder: SpeechRecognizer, @unchecked Sendable {
    let name = "hints"
    private let lock = NSLock()
    private var seen: [[String]] = []
    var hints: [[String]] { lock.withLock { seen } }

    func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        lock.withLock { seen.append(hints) }
        return UnresponsiveRecognizer.Session()
    }
}

@Suite("Scenario vocabulary reaches the recognizer")
struct ScenarioHintsReachTheRecognizerTests {
    @Test func theRunnerPassesTheScenarioHintsWhenTheServiceSetNone() async throws {
        let recorder = HintRecorder()
        var controller = CallControllerConfiguration()
        controller.recognitionTimeoutMs = 500
        let scenario = try Fixtures.finance(timeout: 2)
        let persona = Persona(name: "says one thing", turns: [.say("oui c'est moi"), .hangUp])
        _ = try await Loopback.run(scenario: scenario, controller: controller, record: false, recognizer: { _ in recorder }) { pbx in
            try await pbx.call(persona)
        }
        let first = try #require(recorder.hints.first)
        #expect(first == scenario.recognitionHints)
        #expect(!first.isEmpty)
    }
}
