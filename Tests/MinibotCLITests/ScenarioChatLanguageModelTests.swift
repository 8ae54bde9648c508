import Foundation
import MiniBotTestKit
import Testing

/// `scenario chat` through a fake OpenAI-compatible server: the same path as a call, printed.
@Suite("scenario chat with a language model")
struct ScenarioChatLanguageModelTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func environment(_ server: FakeChatServer) -> [String: String] {
        ["LLM_ENGINE": "openai", "LLM_URL": server.baseURL, "LLM_MODEL": "minibot-test", "LLM_TIMEOUT_MS": "3000"]
    }

    /// Labels for the intent prompt, an answer for everything else.
    static func behavior(_ request: FakeChatServer.Received) -> FakeChatServer.Behavior {
        if request.messages.first?.content.contains("Tu classes") == true { return .answer(["affirm"]) }
        return .answer(["Notre logo est bleu", " comme la mer. ", "Voulez-vous ", "le voir ? ", "Une troisième phrase."],
                       chunkDelay: .milliseconds(20))
    }

    @Test func theModelAnswersAnUnmatchedQuestionThenTheRailReturnFollows() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: Self.behavior) { server in
            let result = try Minibot.run(["scenario", "chat", "finance_agent", "--env-file", "/nonexistent.env"],
                                         stdin: "quelle est la couleur de votre logo\n", environment: Self.environment(server),
                                         in: Self.repositoryRoot)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("🤖 Notre logo est bleu comme la mer."), "\(result.stdout)")
            #expect(result.stdout.contains("🤖 Voulez-vous le voir ?"))
            #expect(!result.stdout.contains("troisième"))                  // two sentences at most
            #expect(result.stdout.contains("(rail return)"))
            let answer = try #require(result.stdout.range(of: "Notre logo"))
            let rail = try #require(result.stdout.range(of: "(rail return)"))
            #expect(answer.lowerBound < rail.lowerBound)
            let chat = try #require(server.chats.first)
            #expect(chat.stream == true)
            #expect(chat.messages.last?.content == "quelle est la couleur de votre logo")
        }
    }

    @Test func anUnsureAnswerIsLabelledByTheModel() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: Self.behavior) { server in
            let result = try Minibot.run(["scenario", "chat", "finance_agent", "--env-file", "/nonexistent.env"],
                                         stdin: "patate\n", environment: Self.environment(server), in: Self.repositoryRoot)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("language model: affirm"), "\(result.stdout)")
            #expect(result.stdout.contains("[Q1]"))
        }
    }

    @Test func aFailingServerLeavesTheLocalFallbackAndTheCallGoesOn() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: { _ in .fail(status: 500, message: "boom") }) { server in
            let result = try Minibot.run(["scenario", "chat", "finance_agent", "--env-file", "/nonexistent.env"],
                                         stdin: "quelle est la couleur de votre logo\nne m'appelez plus\n",
                                         environment: Self.environment(server), in: Self.repositoryRoot)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("local fallback"), "\(result.stdout)")
            #expect(result.stdout.contains("(rail return)"))
            #expect(result.stdout.contains("OPT_OUT"))
        }
    }
}
