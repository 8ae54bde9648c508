import MiniBotCalls
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTestKit
import Synchronization
import Testing

/// The timed shell against fake servers: whatever the server does, a job ends in time with exactly
/// one `finished` or `failed`, and sentences are released as soon as they are complete. Its deadlines are
/// wall-clock, so it runs with the real-time suites (alone); only the timeout cases use the short deadline.
@Suite("LanguageModelService against fake servers")
struct LanguageModelServiceRealTimeTests {
    static let timeout = Duration.milliseconds(400)

    final class Events: Sendable {
        let list = Mutex<[(at: Duration, event: LanguageModelEvent)]>([])
        let start = ContinuousClock.now
        func append(_ event: LanguageModelEvent) { list.withLock { $0.append((ContinuousClock.now - start, event)) } }
        var events: [LanguageModelEvent] { list.withLock { $0.map(\.event) } }
        var terminal: [(at: Duration, event: LanguageModelEvent)] {
            list.withLock { $0.filter { if case .finished = $0.event { true } else if case .failed = $0.event { true } else { false } } }
        }
        var sentences: [String] { events.compactMap { if case .sentence(_, let text) = $0 { text } else { nil } } }
    }

    func service(_ server: FakeChatServer, cache: AnswerCache = AnswerCache(), timeout: Duration = timeout) -> LanguageModelService {
        let engine: LanguageModelConfiguration.Engine = server.dialect == .ollama ? .ollama : .openai
        let model = HTTPLanguageModel(configuration: .init(engine: engine, baseURL: server.baseURL, model: "minibot-test"),
                                      requestTimeout: .seconds(30))
        return LanguageModelService(model: model, timeout: timeout, answerBudget: .milliseconds(1_200), cache: cache)
    }

    func answerJob(id: Int = 1, key: String? = nil) -> LanguageModelJob {
        LanguageModelJob(id: id, purpose: .freestyle, messages: [ChatMessage(.user, "c'est quoi ?")], cacheKey: key)
    }

    func run(_ service: LanguageModelService, _ job: LanguageModelJob) async -> Events {
        let events = Events()
        await service.run(job) { events.append($0) }
        return events
    }

    static let dialects: [FakeChatServer.Dialect] = [.ollama, .openai]

    @Test(arguments: dialects)
    func theFirstSentenceIsReleasedBeforeTheAnswerEnds(dialect: FakeChatServer.Dialect) async throws {
        let pieces = ["Bien ", "sûr. ", "Nous ", "sommes ", "là. ", "Une troisième phrase."]
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .answer(pieces, chunkDelay: .milliseconds(60)) }) { server in
            // A generous first-sentence budget: this test is about order, not deadlines (it runs beside busy suites).
            let events = await run(service(server, timeout: .seconds(5)), answerJob())
            #expect(events.sentences == ["Bien sûr.", "Nous sommes là."])      // capped at two sentences
            let list = events.list.withLock { $0 }
            let first = try #require(list.first { if case .sentence = $0.event { true } else { false } })
            let end = try #require(events.terminal.first)
            #expect(first.at < end.at)
            guard case .finished(_, _, let firstMs, let cached) = end.event else { Issue.record("\(end.event)"); return }
            #expect(firstMs != nil)
            #expect(!cached)
            #expect(events.terminal.count == 1)
        }
    }

    @Test(arguments: dialects)
    func aSlowFirstTokenFailsAtTheTimeout(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .answer(["Trop tard."], firstDelay: .seconds(10)) }) { server in
            let events = await run(service(server), answerJob())
            let end = try #require(events.terminal.first)
            #expect(events.terminal.count == 1)
            if case .failed(_, let reason, _) = end.event { #expect(reason == "timeout") } else { Issue.record("\(end.event)") }
            #expect(end.at >= Self.timeout)
            #expect(end.at < Self.timeout + .milliseconds(1_500))
            #expect(events.sentences.isEmpty)
        }
    }

    @Test(arguments: dialects)
    func aServerThatNeverAnswersFailsAtTheTimeout(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .neverAnswer }) { server in
            let events = await run(service(server), answerJob())
            let end = try #require(events.terminal.first)
            #expect(end.at < Self.timeout + .milliseconds(1_500))
            if case .failed(_, let reason, _) = end.event { #expect(reason == "timeout") } else { Issue.record("\(end.event)") }
        }
    }

    @Test(arguments: dialects)
    func aServerErrorFailsAtOnce(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .fail(status: 500, message: "boom") }) { server in
            let events = await run(service(server, timeout: .seconds(5)), answerJob())
            let end = try #require(events.terminal.first)
            if case .failed(_, let reason, _) = end.event { #expect(reason.hasPrefix("server")) } else { Issue.record("\(end.event)") }
        }
    }

    @Test(arguments: dialects)
    func malformedJSONFails(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .malformed }) { server in
            let events = await run(service(server, timeout: .seconds(5)), answerJob())
            let end = try #require(events.terminal.first)
            if case .failed(_, let reason, _) = end.event { #expect(reason.hasPrefix("malformed")) } else { Issue.record("\(end.event)") }
            #expect(events.sentences.isEmpty)      // "Bonjour" was never a complete sentence
        }
    }

    @Test func aStallAfterTheFirstSentenceKeepsWhatWasSaid() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: { _ in .stallAfter(["Bien sûr. ", "Nous"]) }) { server in
            let events = await run(service(server), answerJob())
            #expect(events.sentences == ["Bien sûr."])
            let end = try #require(events.terminal.first)
            if case .finished = end.event {} else { Issue.record("\(end.event)") }
            #expect(end.at < .milliseconds(3_000))
        }
    }

    @Test func aWrongLabelIsPassedOnRawForTheStrictParse() async throws {
        try await FakeChatServer.with(dialect: .ollama, behavior: { _ in .answer(["La personne ", "est d'accord."]) }) { server in
            let job = LanguageModelJob(id: 7, purpose: .intent, messages: IntentLabelPrompt.messages(utterance: "ouais", question: nil))
            let events = await run(service(server, timeout: .seconds(5)), job)
            let label = events.events.compactMap { if case .label(_, let text) = $0 { text } else { nil } }.first
            #expect(label == "La personne est d'accord.")
            #expect(IntentLabelPrompt.parse(label ?? "") == .notUnderstood)
            #expect(server.chats.first?.maxTokens == IntentLabelPrompt.maxTokens)
        }
    }

    @Test func theSameQuestionIsAnsweredFromTheCache() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: { _ in .answer(["Notre logo est bleu."]) }) { server in
            let cache = AnswerCache()
            let first = await run(service(server, cache: cache, timeout: .seconds(5)), answerJob(id: 1, key: "s|logo"))
            let second = await run(service(server, cache: cache, timeout: .seconds(5)), answerJob(id: 2, key: "s|logo"))
            #expect(first.sentences == ["Notre logo est bleu."])
            #expect(second.sentences == ["Notre logo est bleu."])
            #expect(server.chats.count == 1)
            if case .finished(_, _, _, let cached) = second.terminal.first?.event { #expect(cached) } else { Issue.record("not finished") }
        }
    }
}
