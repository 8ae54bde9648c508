import Foundation
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony
import MiniBotTestKit
import Synchronization
import Testing

/// Whole calls through the runner with a fake chat server: whatever the server does, the caller
/// hears an answer or the local fallback within `LLM_TIMEOUT_MS` of the end of their question, and
/// the call goes on.
@Suite("CallRunner with a language model")
struct CallRunnerLanguageModelTests {
    static let timeout = Duration.milliseconds(500)

    /// Plays each prompt at once; after the greeting the caller asks a question (the line's silence first, so
    /// the VAD has its noise floor, then speech, then silence);
    /// hangs up after `plays` prompts. Records when each prompt was handed over.
    final class QuestionSession: CallSession {
        let callID = UUID()
        let metadata = CallMetadata(transport: "test")
        let events: CallEventStream
        private let continuation: AsyncStream<CallEvent>.Continuation
        let hangUpAfter: Int
        let log = Mutex<(plays: [ContinuousClock.Instant], spokeAt: ContinuousClock.Instant?)>(([], nil))

        init(hangUpAfter: Int) {
            self.hangUpAfter = hangUpAfter
            let (stream, continuation) = AsyncStream.makeStream(of: CallEvent.self)
            events = CallEventStream(stream)
            self.continuation = continuation
        }

        func play(_ prompt: Prompt) async {
            let count = log.withLock { $0.plays.append(.now); return $0.plays.count }
            continuation.yield(.playbackFinished(PlaybackReport(promptID: prompt.id, framesPlayed: prompt.frames.count, interrupted: false)))
            if count == 1 {
                for frame in Fixtures.silence(100) + Fixtures.speech(30, seed: 11) + Fixtures.silence(60) { continuation.yield(.audio(frame, sampleRate: 8_000)) }
                log.withLock { $0.spokeAt = .now }
            }
            if count >= hangUpAfter {
                continuation.yield(.hangup(.remoteHangup))
                continuation.finish()
            }
        }

        func stop() async -> Int { 0 }

        /// The test's own deadline: the caller hangs up whatever happened.
        func endNow() {
            continuation.yield(.hangup(.remoteHangup))
            continuation.finish()
        }

        func hangup() async {
            continuation.yield(.hangup(.localHangup))
            continuation.finish()
        }

        /// Wall time from the end of the caller's question to the next prompt.
        var reaction: Duration? {
            log.withLock { log in
                guard let spoke = log.spokeAt, log.plays.count > 1 else { return nil }
                return log.plays[1] - spoke
            }
        }
    }

    func runCall(_ behavior: @escaping @Sendable (FakeChatServer.Received) -> FakeChatServer.Behavior,
                 hangUpAfter: Int) async throws -> (CallReport, QuestionSession, FakeChatServer) {
        let server = try await FakeChatServer.start(dialect: .openai, behavior: behavior)
        let script = SimulatedScript()
        let session = QuestionSession(hangUpAfter: hangUpAfter)
        script.enqueue(.said("quelle est la couleur de votre logo", confidence: 0.9), for: session.callID.uuidString)
        let model = HTTPLanguageModel(configuration: .init(engine: .openai, baseURL: server.baseURL, model: "minibot-test"))
        var options = CallRunner.Options()
        options.controller.detectsInBandDTMF = false
        options.useLanguageModel(LanguageModelService(model: model, timeout: Self.timeout))
        let runner = CallRunner(scenario: try Fixtures.finance(timeout: 5), nlu: Fixtures.nlu,
                                recognizer: SimulatedRecognizer(script: script),
                                prompts: PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 1, minimumMilliseconds: 40)),
                                options: options)
        let report = await withTaskGroup(of: CallReport?.self) { group in
            group.addTask { await runner.run(session) }
            group.addTask {
                guard (try? await Task.sleep(for: .seconds(20))) != nil else { return nil }
                session.endNow()
                return nil
            }
            var report: CallReport?
            for await result in group {
                if let result {
                    report = result
                    group.cancelAll()
                }
            }
            return report!
        }
        try await server.shutdown()
        return (report, session, server)
    }

    func botLines(_ report: CallReport) -> [String] {
        report.turns.filter { $0.speaker == .bot }.map(\.text)
    }

    @Test func aStreamedAnswerIsSpokenThenTheRailReturn() async throws {
        let (report, session, server) = try await runCall({ _ in
            .answer(["Notre logo ", "est bleu. ", "Il est ", "joli."], chunkDelay: .milliseconds(50))
        }, hangUpAfter: 4)
        let lines = botLines(report)
        #expect(lines.count == 4, "\(lines)")
        #expect(Array(lines.dropFirst().prefix(2)) == ["Notre logo est bleu.", "Il est joli."])
        #expect(DialoguePhrases.defaultRailReturnQuestions.contains(lines.last ?? ""))
        #expect(server.chats.count == 1)
        let use = try #require(report.languageModel?.first { $0.purpose == "freestyle" })
        #expect(use.path == .llm)
        #expect((use.firstSentenceMs ?? .infinity) < (use.latencyMs ?? 0))
        #expect(try #require(session.reaction) < Self.timeout + .milliseconds(1_000))
    }

    @Test(arguments: ["slow", "500", "malformed", "silent"])
    func aFailingServerGivesTheFallbackInTime(failure: String) async throws {
        let (report, session, _) = try await runCall({ _ in
            switch failure {
            case "slow": .answer(["Trop tard."], firstDelay: .seconds(5))
            case "500": .fail(status: 500, message: "boom")
            case "malformed": .malformed
            default: .neverAnswer
            }
        }, hangUpAfter: 3)
        let lines = botLines(report)
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.dropFirst().first == "Pardon, je n'ai pas bien saisi." || lines.dropFirst().first?.contains("compris") == true)
        #expect(DialoguePhrases.defaultRailReturnQuestions.contains(lines.last ?? ""))
        let reaction = try #require(session.reaction)
        #expect(reaction < Self.timeout + .milliseconds(1_500), "fallback after \(reaction)")
        let use = try #require(report.languageModel?.first { $0.purpose == "freestyle" })
        #expect(use.path == .fallback)
    }
}
