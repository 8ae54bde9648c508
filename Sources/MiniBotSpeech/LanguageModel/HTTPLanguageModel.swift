import AsyncHTTPClient
import Foundation
import Logging
import MiniBotLanguage
import NIOCore
import NIOHTTP1
import Synchronization

/// The Ollama and OpenAI-compatible chat clients: the same streamed POST, two body formats and
/// two line formats (``ChatStreamParser``).
///
/// The HTTP client is injected (the process owns its lifecycle). Deadlines are the caller's: the
/// runner cancels the task when `LLM_TIMEOUT_MS` passes without a sentence; `requestTimeout` here
/// only bounds a stalled connection when nobody cancels.
/// ```swift
/// let model = HTTPLanguageModel(configuration: .init(engine: .openai, baseURL: "http://127.0.0.1:8080", model: ""))
/// try await model.chat(ChatRequest(messages: [ChatMessage(.user, "Bonjour")])) { print($0, terminator: ""); return true }
/// ```
public struct HTTPLanguageModel: LanguageModel {
    public let configuration: LanguageModelConfiguration
    let client: HTTPClient
    let logger: Logger
    let requestTimeout: Duration
    /// Largest error or non-streamed body read.
    static let maxBodyBytes = 1 << 20
    /// Without `LLM_MODEL`, the first model the server lists (asked once): some OpenAI-compatible
    /// servers refuse a request without `model`.
    private let discoveredModel = DiscoveredModel()

    final class DiscoveredModel: Sendable {
        let name = Mutex<String??>(nil)
    }

    public init(configuration: LanguageModelConfiguration, client: HTTPClient = .shared,
                logger: Logger = Logger(label: "minibot.llm"), requestTimeout: Duration = .seconds(60)) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.requestTimeout = requestTimeout
    }

    public var name: String { configuration.engine.rawValue }
    public var model: String { configuration.model }

    public func chat(_ request: ChatRequest, onText: @Sendable (String) async -> Bool) async throws {
        var model = configuration.model
        if model.isEmpty, configuration.engine == .openai {
            if let known = discoveredModel.name.withLock({ $0 }) {
                model = known ?? ""
            } else {
                let first = (try? await availableModels())?.first
                discoveredModel.name.withLock { $0 = .some(first) }
                model = first ?? ""
            }
        }
        let http = try makeRequest(body: body(for: request, model: model), url: configuration.endpoint)
        let response = try await execute(http)
        guard (200..<300).contains(response.status.code) else {
            throw await failure(response)
        }
        var splitter = LineSplitter()
        var sawEvent = false
        var plain = ""
        func handle(_ line: String) async throws -> Bool {
            switch configuration.engine {
            case .ollama:
                let event = try ChatStreamParser.ollama(line)
                if case .text(let text) = event, !(await onText(text)) { return false }
                if event == .done || ChatStreamParser.ollamaIsFinal(line) { return false }
            case .openai:
                if !sawEvent, !line.trimmed.hasPrefix("data:") {
                    // Not an event stream: a server that answers the whole completion at once.
                    plain += line + "\n"
                    return true
                }
                sawEvent = true
                let event = try ChatStreamParser.openAI(line)
                if case .text(let text) = event, !(await onText(text)) { return false }
                if event == .done { return false }
            }
            return true
        }
        do {
            reading: for try await buffer in response.body {
                try Task.checkCancellation()
                for line in try splitter.append(buffer.readableBytesView) where !(try await handle(line)) {
                    break reading
                }
            }
            if let last = splitter.finish() { _ = try await handle(last) }
        } catch let error as LanguageModelError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError {
            throw map(error)
        }
        if configuration.engine == .openai, !sawEvent {
            guard !plain.trimmed.isEmpty else { throw LanguageModelError.malformedResponse("empty answer") }
            _ = await onText(try ChatStreamParser.openAICompletion(plain))
        }
    }

    /// Ollama: an empty chat with `keep_alive` loads the model without generating anything.
    public func prewarm() async throws {
        guard configuration.engine == .ollama else { return }
        var object: [String: Any] = ["model": configuration.model, "messages": [Any](), "keep_alive": configuration.keepAlive]
        object["stream"] = false
        let http = try makeRequest(body: try Self.encode(object), url: configuration.endpoint)
        let response = try await execute(http)
        guard (200..<300).contains(response.status.code) else { throw await failure(response) }
        _ = try? await response.body.collect(upTo: Self.maxBodyBytes)
    }

    public func availableModels() async throws -> [String] {
        var http = HTTPClientRequest(url: configuration.modelsEndpoint)
        http.method = .GET
        addAuthorization(&http)
        let response = try await execute(http)
        guard (200..<300).contains(response.status.code) else { throw await failure(response) }
        let body = try await response.body.collect(upTo: Self.maxBodyBytes)
        return try ChatStreamParser.modelNames(String(buffer: body))
    }

    func body(for request: ChatRequest, model: String? = nil) throws -> ByteBuffer {
        let model = model ?? configuration.model
        let messages = request.messages.map { ["role": $0.role.rawValue, "content": $0.content] }
        var object: [String: Any] = ["messages": messages, "stream": true]
        switch configuration.engine {
        case .ollama:
            object["model"] = configuration.model
            object["keep_alive"] = configuration.keepAlive
            object["options"] = ["num_predict": request.maxTokens, "temperature": request.temperature]
        case .openai:
            if !model.isEmpty { object["model"] = model }
            object["max_tokens"] = request.maxTokens
            object["temperature"] = request.temperature
        }
        return try Self.encode(object)
    }

    static func encode(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))
    }

    func makeRequest(body: ByteBuffer, url: String) throws -> HTTPClientRequest {
        var http = HTTPClientRequest(url: url)
        http.method = .POST
        http.headers.add(name: "Content-Type", value: "application/json")
        http.headers.add(name: "Accept", value: configuration.engine == .openai ? "text/event-stream" : "application/x-ndjson")
        addAuthorization(&http)
        http.body = .bytes(body)
        return http
    }

    func addAuthorization(_ http: inout HTTPClientRequest) {
        if let key = configuration.apiKey, !key.isEmpty { http.headers.add(name: "Authorization", value: "Bearer \(key)") }
    }

    func execute(_ http: HTTPClientRequest) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(http, timeout: .nanoseconds(requestTimeout.wholeNanoseconds))
        } catch let error as HTTPClientError {
            throw map(error)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw LanguageModelError.unavailable("\(configuration.endpoint): \(error)")
        }
    }

    func failure(_ response: HTTPClientResponse) async -> LanguageModelError {
        let status = Int(response.status.code)
        let body = (try? await response.body.collect(upTo: Self.maxBodyBytes)).map { String(buffer: $0) } ?? ""
        let message = ChatStreamParser.errorMessage(body)
        logger.warning("language model error", metadata: ["status": "\(status)", "message": "\(message)"])
        switch status {
        case 401, 403: return .unauthorized
        case 404 where message.lowercased().contains("model"): return .modelMissing(configuration.model.isEmpty ? message : configuration.model)
        default: return .server(status: status, message: message)
        }
    }

    func map(_ error: HTTPClientError) -> LanguageModelError {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
            .timeout
        default:
            .unavailable("\(configuration.endpoint): \(error)")
        }
    }
}
