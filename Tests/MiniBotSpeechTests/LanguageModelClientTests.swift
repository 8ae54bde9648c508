import AsyncHTTPClient
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTestKit
import Synchronization
import Testing

@Suite("Language model clients against fake Ollama and OpenAI servers")
struct LanguageModelClientTests {
    static let messages = [ChatMessage(.system, "Tu es bref."), ChatMessage(.user, "Bonjour")]

    func collect(_ model: HTTPLanguageModel, maxTokens: Int = 150) async throws -> [String] {
        let pieces = Mutex<[String]>([])
        try await model.chat(ChatRequest(messages: Self.messages, maxTokens: maxTokens)) { piece in
            pieces.withLock { $0.append(piece) }
            return true
        }
        return pieces.withLock { $0 }
    }

    func model(_ server: FakeChatServer, model: String = "minibot-test", key: String? = nil) -> HTTPLanguageModel {
        let engine: LanguageModelConfiguration.Engine = server.dialect == .ollama ? .ollama : .openai
        return HTTPLanguageModel(configuration: LanguageModelConfiguration(engine: engine, baseURL: server.baseURL, model: model, apiKey: key),
                                 requestTimeout: .seconds(10))
    }

    @Test(arguments: [FakeChatServer.Dialect.ollama, .openai])
    func streamedPiecesArriveInOrder(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .answer(["Bon", "jour. ", "Au revoir."]) }) { server in
            let pieces = try await collect(model(server))
            #expect(pieces == ["Bon", "jour. ", "Au revoir."])
            let request = try #require(server.chats.first)
            #expect(request.problems.isEmpty)
            #expect(request.stream == true)
            #expect(request.messages.map(\.role) == ["system", "user"])
            #expect(request.maxTokens == 150)
            #expect(request.model == "minibot-test")
            if dialect == .ollama { #expect(request.keepAlive == "30m") }
        }
    }

    @Test func theAPIKeyIsSentAsBearer() async throws {
        try await FakeChatServer.with(dialect: .openai, requiredKey: "s3cret", behavior: { _ in .answer(["Oui."]) }) { server in
            let pieces = try await collect(model(server, key: "s3cret"))
            #expect(pieces == ["Oui."])
            await #expect(throws: LanguageModelError.unauthorized) { _ = try await collect(model(server, key: "wrong")) }
        }
    }

    @Test(arguments: [FakeChatServer.Dialect.ollama, .openai])
    func aServerErrorIsReported(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .fail(status: 500, message: "boom") }) { server in
            await #expect(throws: LanguageModelError.server(status: 500, message: "boom")) { _ = try await collect(model(server)) }
        }
    }

    @Test(arguments: [FakeChatServer.Dialect.ollama, .openai])
    func malformedJSONIsReported(dialect: FakeChatServer.Dialect) async throws {
        try await FakeChatServer.with(dialect: dialect, behavior: { _ in .malformed }) { server in
            do {
                _ = try await collect(model(server))
                Issue.record("no error")
            } catch let error as LanguageModelError {
                guard case .malformedResponse = error else { Issue.record("\(error)"); return }
            }
        }
    }

    @Test func ollamaSaysWhenTheModelIsMissing() async throws {
        try await FakeChatServer.with(dialect: .ollama, models: ["llama3.2:1b"], behavior: { _ in .answer(["x"]) }) { server in
            await #expect(throws: LanguageModelError.modelMissing("mistral")) { _ = try await collect(model(server, model: "mistral")) }
            let models = try await model(server, model: "llama3.2:1b").availableModels()
            #expect(models == ["llama3.2:1b"])
        }
    }

    @Test func ollamaPrewarmLoadsTheModelWithKeepAlive() async throws {
        try await FakeChatServer.with(dialect: .ollama, behavior: { _ in .answer(["x"]) }) { server in
            try await model(server).prewarm()
            let load = try #require(server.received.first)
            #expect(load.uri == "/api/chat")
            #expect(load.messages.isEmpty)
            #expect(load.keepAlive == "30m")
            #expect(server.chats.isEmpty)
        }
    }

    @Test func openAIModelsAreListed() async throws {
        try await FakeChatServer.with(dialect: .openai, models: ["a", "b"], behavior: { _ in .answer(["x"]) }) { server in
            let models = try await model(server).availableModels()
            #expect(models == ["a", "b"])
        }
    }

    @Test func stoppingEarlyEndsTheExchange() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: { _ in .answer(["Un. ", "Deux. ", "Trois."]) }) { server in
            let pieces = Mutex<[String]>([])
            try await model(server).chat(ChatRequest(messages: Self.messages)) { piece in
                pieces.withLock { $0.append(piece) }
                return false
            }
            #expect(pieces.withLock { $0 } == ["Un. "])
        }
    }

    @Test func cancellationStopsAStalledStream() async throws {
        try await FakeChatServer.with(dialect: .ollama, behavior: { _ in .stallAfter(["Bonjour"]) }) { server in
            let client = model(server)
            let started = ContinuousClock.now
            let result = await withTaskGroup(of: Bool.self) { group in
                group.addTask { (try? await collect(client)) != nil }
                group.addTask { try? await Task.sleep(for: .milliseconds(300)); return false }
                let first = await group.next() ?? true
                group.cancelAll()
                return first
            }
            #expect(result == false)
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }
}

@Suite("Language model configuration and wire parsing")
struct LanguageModelConfigurationTests {
    @Test func noneByDefault() throws {
        #expect(try LanguageModelConfiguration(values: [:]) == nil)
        #expect(try LanguageModelConfiguration(values: ["LLM_ENGINE": "none"]) == nil)
    }

    @Test func ollamaDefaults() throws {
        let configuration = try #require(try LanguageModelConfiguration(values: ["LLM_ENGINE": "ollama"]))
        #expect(configuration.endpoint == "http://127.0.0.1:11434/api/chat")
        #expect(configuration.model == LanguageModelConfiguration.defaultOllamaModel)
        #expect(configuration.timeout == .milliseconds(1_500))
    }

    @Test func openAIURLsAreAcceptedInAnyUsualForm() throws {
        for url in ["http://127.0.0.1:8080", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1/chat/completions"] {
            let configuration = try #require(try LanguageModelConfiguration(values: ["LLM_ENGINE": "openai", "LLM_URL": url, "LLM_TIMEOUT_MS": "900"]))
            #expect(configuration.endpoint == "http://127.0.0.1:8080/v1/chat/completions")
            #expect(configuration.modelsEndpoint == "http://127.0.0.1:8080/v1/models")
            #expect(configuration.timeout == .milliseconds(900))
        }
    }

    @Test func badValuesNameTheirVariable() {
        #expect(throws: LanguageModelConfigurationError.self) { _ = try LanguageModelConfiguration(values: ["LLM_ENGINE": "gpt"]) }
        do {
            _ = try LanguageModelConfiguration(values: ["LLM_ENGINE": "openai"])
            Issue.record("no error")
        } catch { #expect(error.variable == "LLM_URL") }
        do {
            _ = try LanguageModelConfiguration(values: ["LLM_ENGINE": "ollama", "LLM_TIMEOUT_MS": "fast"])
            Issue.record("no error")
        } catch { #expect(error.variable == "LLM_TIMEOUT_MS") }
        do {
            _ = try LanguageModelConfiguration(values: ["LLM_ENGINE": "ollama", "OLLAMA_URL": "localhost:11434"])
            Issue.record("no error")
        } catch { #expect(error.variable == "OLLAMA_URL") }
    }

    @Test func streamLines() throws {
        #expect(try ChatStreamParser.ollama(#"{"message":{"role":"assistant","content":"Oui"},"done":false}"#) == .text("Oui"))
        #expect(try ChatStreamParser.ollama(#"{"message":{"role":"assistant","content":""},"done":true}"#) == .done)
        #expect(throws: LanguageModelError.server(status: 200, message: "overloaded")) { _ = try ChatStreamParser.ollama(#"{"error":"overloaded"}"#) }
        #expect(try ChatStreamParser.openAI(#"data: {"choices":[{"index":0,"delta":{"content":"Oui"}}]}"#) == .text("Oui"))
        #expect(try ChatStreamParser.openAI(#"data: {"choices":[{"index":0,"delta":{"role":"assistant"}}]}"#) == .ignore)
        #expect(try ChatStreamParser.openAI(": keep-alive") == .ignore)
        #expect(try ChatStreamParser.openAI("data: [DONE]") == .done)
        #expect(throws: LanguageModelError.self) { _ = try ChatStreamParser.openAI("data: {not json") }
        #expect(try ChatStreamParser.openAICompletion(#"{"choices":[{"message":{"role":"assistant","content":"Bonjour."}}]}"#) == "Bonjour.")
    }

    @Test func linesAreSplitAtEveryByteBoundary() throws {
        let bytes = Array("data: un\r\n\ndata: deux\n".utf8)
        for cut in 0...bytes.count {
            var splitter = LineSplitter()
            var lines = try splitter.append(bytes[..<cut])
            lines += try splitter.append(bytes[cut...])
            #expect(lines == ["data: un", "", "data: deux"])
            #expect(splitter.finish() == nil)
        }
        var small = LineSplitter(maxLineBytes: 4)
        #expect(throws: LanguageModelError.self) { _ = try small.append(Array("abcdefgh".utf8)) }
    }
}

@Suite("Language model probe (minibot doctor)")
struct LanguageModelProbeTests {
    func model(_ server: FakeChatServer, model: String) -> HTTPLanguageModel {
        let engine: LanguageModelConfiguration.Engine = server.dialect == .ollama ? .ollama : .openai
        return HTTPLanguageModel(configuration: LanguageModelConfiguration(engine: engine, baseURL: server.baseURL, model: model))
    }

    @Test func aHealthyServerPassesWithATimedRoundTrip() async throws {
        try await FakeChatServer.with(dialect: .ollama, models: ["llama3.2:1b"], behavior: { _ in .answer(["oui"]) }) { server in
            let probe = await LanguageModelProbe.run(model(server, model: "llama3.2:1b"), timeout: .seconds(1))
            #expect(probe.lines.map(\.mark) == [.pass, .pass, .pass])
            #expect(probe.totalMs != nil)
            #expect(probe.lines.last?.detail.contains("round trip") == true)
        }
    }

    @Test func aMissingOllamaModelFails() async throws {
        try await FakeChatServer.with(dialect: .ollama, models: ["llama3.2:1b"], behavior: { _ in .answer(["oui"]) }) { server in
            let probe = await LanguageModelProbe.run(model(server, model: "mistral"), timeout: .seconds(1))
            #expect(probe.lines.last?.mark == .fail)
            #expect(probe.lines.last?.detail.contains("ollama pull mistral") == true)
        }
    }

    @Test func anUnreachableServerFails() async throws {
        let port: Int = try await FakeChatServer.with(dialect: .openai, behavior: { _ in .answer(["x"]) }) { $0.port }
        let configuration = LanguageModelConfiguration(engine: .openai, baseURL: "http://127.0.0.1:\(port)", model: "")
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WhisperRecognizer.httpClientConfiguration())
        let probe = await LanguageModelProbe.run(HTTPLanguageModel(configuration: configuration, client: client),
                                                 timeout: .seconds(1), deadline: .seconds(5))
        try await client.shutdown()
        #expect(probe.lines.map(\.mark) == [.fail])
    }

    @Test func aSlowModelIsAWarning() async throws {
        try await FakeChatServer.with(dialect: .openai, behavior: { _ in .answer(["oui"], firstDelay: .milliseconds(300)) }) { server in
            let probe = await LanguageModelProbe.run(model(server, model: "minibot-test"), timeout: .milliseconds(100))
            #expect(probe.lines.last?.mark == .warn)
        }
    }
}

@Suite("Language model without LLM_MODEL")
struct LanguageModelDiscoveryTests {
    @Test func theServersFirstModelIsSentOnce() async throws {
        try await FakeChatServer.with(dialect: .openai, models: ["served-model"], behavior: { _ in .answer(["Oui."]) }) { server in
            let model = HTTPLanguageModel(configuration: LanguageModelConfiguration(engine: .openai, baseURL: server.baseURL, model: ""))
            for _ in 0..<2 {
                try await model.chat(ChatRequest(messages: [ChatMessage(.user, "Bonjour")])) { _ in true }
            }
            #expect(server.chats.map(\.model) == ["served-model", "served-model"])
            #expect(server.received.filter { $0.method == "GET" }.count == 1)
        }
    }
}
