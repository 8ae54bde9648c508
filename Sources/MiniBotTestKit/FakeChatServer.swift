import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server that speaks the two chat APIs the bot uses, written from their public
/// documentation, so the clients and the call's fallback are tested against the wire formats:
/// - Ollama: `POST /api/chat` streams NDJSON objects (`{"model","created_at","message":{"role","content"},"done":false}`,
///   then a final `{"done":true,"done_reason":"stop",…}`); an empty `messages` array only loads the model
///   (`"done_reason":"load"`); `GET /api/tags` lists models; an unknown model is `404 {"error":"model \"x\" not found, try pulling it first"}`.
/// - OpenAI-compatible: `POST /v1/chat/completions` with `"stream": true` answers `text/event-stream`
///   `data: {"object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null}]}`
///   events and `data: [DONE]`; without `stream` one `chat.completion` object; `GET /v1/models` lists
///   `{"object":"list","data":[{"id":…}]}`; errors are `{"error":{"message","type"}}`.
///
/// Behaviours provoke what a real server does on a bad day: a slow first token, a 500, malformed
/// JSON, a request never answered, a chatty model answering something else than a label.
/// ```swift
/// let server = try await FakeChatServer.start(dialect: .openai) { _ in .answer(["Bien sûr. ", "Au revoir."]) }
/// defer { Task { try await server.shutdown() } }
/// ```
public final class FakeChatServer: Sendable {
    public enum Dialect: String, Sendable {
        case ollama
        case openai
    }

    public enum Behavior: Sendable {
        /// Stream these pieces, the first after `firstDelay`, the others `chunkDelay` apart.
        case answer([String], firstDelay: Duration = .zero, chunkDelay: Duration = .zero)
        /// Answer this HTTP status with the dialect's error body.
        case fail(status: Int, message: String)
        /// Answer 200, stream one good piece, then a line that is not JSON.
        case malformed
        /// Accept the request and never answer.
        case neverAnswer
        /// Send the head and these pieces, then stall forever (no end of stream).
        case stallAfter([String])
    }

    /// One request as the server parsed it.
    public struct Received: Sendable {
        public var method: String
        public var uri: String
        public var authorization: String?
        /// The JSON body's top-level keys and the values tests look at.
        public var model: String?
        public var stream: Bool?
        public var messages: [(role: String, content: String)]
        public var keepAlive: String?
        public var maxTokens: Int?
        public var problems: [String]
    }

    public let dialect: Dialect
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let log = Mutex<[Received]>([])

    public var baseURL: String { "http://127.0.0.1:\(port)" }
    public var received: [Received] { log.withLock { $0 } }
    /// Chat requests only (not model lists or pre-warm loads).
    public var chats: [Received] { received.filter { $0.method == "POST" && !$0.messages.isEmpty } }

    private init(dialect: Dialect, port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.dialect = dialect
        self.port = port
        self.group = group
        self.channel = channel
    }

    /// - Parameters:
    ///   - models: what the model list shows; Ollama refuses chats for other models.
    ///   - requiredKey: when set, requests without `Authorization: Bearer <key>` get 401.
    ///   - behavior: chosen per chat request (so an intent request and an answer can differ).
    public static func start(dialect: Dialect, models: [String] = ["minibot-test"], requiredKey: String? = nil,
                             behavior: @escaping @Sendable (Received) -> Behavior) async throws -> FakeChatServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let box = SinkBox()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        ChatHandler(dialect: dialect, models: models, requiredKey: requiredKey, behavior: behavior, box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ServerError.noPort }
        let server = FakeChatServer(dialect: dialect, port: port, group: group, channel: channel)
        box.sink.withLock { $0 = server }
        return server
    }

    /// Starts a server, runs `body`, always shuts it down.
    @discardableResult
    public static func with<T>(dialect: Dialect, models: [String] = ["minibot-test"], requiredKey: String? = nil,
                               behavior: @escaping @Sendable (Received) -> Behavior,
                               _ body: (FakeChatServer) async throws -> T) async throws -> T {
        let server = try await start(dialect: dialect, models: models, requiredKey: requiredKey, behavior: behavior)
        do {
            let result = try await body(server)
            try await server.shutdown()
            return result
        } catch {
            try? await server.shutdown()
            throw error
        }
    }

    func record(_ request: Received) {
        log.withLock { $0.append(request) }
    }

    public func shutdown() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    enum ServerError: Error { case noPort }

    final class SinkBox: Sendable {
        let sink = Mutex<FakeChatServer?>(nil)
        func record(_ request: Received) { sink.withLock { $0 }?.record(request) }
    }
}

private final class ChatHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let dialect: FakeChatServer.Dialect
    let models: [String]
    let requiredKey: String?
    let behavior: @Sendable (FakeChatServer.Received) -> FakeChatServer.Behavior
    let box: FakeChatServer.SinkBox
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(dialect: FakeChatServer.Dialect, models: [String], requiredKey: String?,
         behavior: @escaping @Sendable (FakeChatServer.Received) -> FakeChatServer.Behavior, box: FakeChatServer.SinkBox) {
        self.dialect = dialect
        self.models = models
        self.requiredKey = requiredKey
        self.behavior = behavior
        self.box = box
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            respond(context: context, head: head)
        }
    }

    private var chatPath: String { dialect == .ollama ? "/api/chat" : "/v1/chat/completions" }
    private var modelsPath: String { dialect == .ollama ? "/api/tags" : "/v1/models" }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        let authorization = head.headers.first(name: "authorization")
        var received = FakeChatServer.Received(method: "\(head.method)", uri: head.uri, authorization: authorization, model: nil,
                                               stream: nil, messages: [], keepAlive: nil, maxTokens: nil, problems: [])
        if let requiredKey, authorization != "Bearer \(requiredKey)" {
            box.record(received)
            return sendError(context, status: 401, message: "Incorrect API key provided")
        }
        if head.method == .GET, head.uri == modelsPath {
            box.record(received)
            let list: [String: Any] = dialect == .ollama
                ? ["models": models.map { ["name": $0, "model": $0, "size": 1, "digest": "0"] }]
                : ["object": "list", "data": models.map { ["id": $0, "object": "model", "owned_by": "minibot"] }]
            return sendJSON(context, status: 200, object: list)
        }
        guard head.method == .POST, head.uri == chatPath else {
            received.problems.append("route \(head.method) \(head.uri)")
            box.record(received)
            return sendError(context, status: 404, message: "not found: \(head.uri)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
            received.problems.append("body is not a JSON object")
            box.record(received)
            return sendError(context, status: 400, message: "invalid JSON body")
        }
        received.model = object["model"] as? String
        received.stream = object["stream"] as? Bool
        received.keepAlive = object["keep_alive"] as? String
        received.maxTokens = (object["max_tokens"] as? Int) ?? ((object["options"] as? [String: Any])?["num_predict"] as? Int)
        guard let messages = object["messages"] as? [[String: Any]] else {
            received.problems.append("no messages array")
            box.record(received)
            return sendError(context, status: 400, message: "messages is required")
        }
        for message in messages {
            guard let role = message["role"] as? String, ["system", "user", "assistant"].contains(role),
                  let content = message["content"] as? String else {
                received.problems.append("bad message \(message)")
                continue
            }
            received.messages.append((role, content))
        }
        if dialect == .ollama, received.model == nil { received.problems.append("model is required") }
        box.record(received)
        if !received.problems.isEmpty {
            return sendError(context, status: 400, message: received.problems.joined(separator: "; "))
        }
        if dialect == .ollama, let model = received.model, !models.contains(model) {
            return sendError(context, status: 404, message: "model \"\(model)\" not found, try pulling it first")
        }
        if dialect == .ollama, received.messages.isEmpty {
            return sendJSON(context, status: 200, object: ollamaObject(content: "", done: true, reason: "load"))
        }
        let streaming = received.stream ?? (dialect == .ollama)
        switch behavior(received) {
        case .answer(let pieces, let firstDelay, let chunkDelay):
            if !streaming { return sendJSON(context, status: 200, object: whole(pieces.joined())) }
            startStream(context)
            var delay = firstDelay
            for piece in pieces {
                schedule(context, after: delay) { self.writePiece(context, piece) }
                delay += chunkDelay
            }
            schedule(context, after: delay) { self.endStream(context) }
        case .fail(let status, let message):
            sendError(context, status: status, message: message)
        case .malformed:
            startStream(context)
            writePiece(context, "Bonjour")
            writeRaw(context, dialect == .ollama ? "{\"message\": {\"content\": \"oops\"\n" : "data: {\"choices\": [oops\n\n")
            endStream(context, final: false)
        case .neverAnswer:
            break
        case .stallAfter(let pieces):
            startStream(context)
            for piece in pieces { writePiece(context, piece) }
        }
    }

    private func schedule(_ context: ChannelHandlerContext, after delay: Duration, _ work: @escaping () -> Void) {
        let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
        let loopBound = NIOLoopBound(work, eventLoop: context.eventLoop)
        if nanoseconds <= 0 { work(); return }
        context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { loopBound.value() }
    }

    private func ollamaObject(content: String, done: Bool, reason: String? = nil) -> [String: Any] {
        var object: [String: Any] = ["model": models.first ?? "minibot-test", "created_at": "2026-12-06T06:00:00.000000Z",
                                     "message": ["role": "assistant", "content": content], "done": done]
        if let reason {
            object["done_reason"] = reason
            object["total_duration"] = 1_000_000; object["load_duration"] = 1_000; object["prompt_eval_count"] = 10
            object["eval_count"] = 5; object["eval_duration"] = 500_000
        }
        return object
    }

    private func chunk(_ delta: [String: Any], finish: String?) -> [String: Any] {
        ["id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_765_000_000, "model": models.first ?? "minibot-test",
         "choices": [["index": 0, "delta": delta, "logprobs": NSNull(), "finish_reason": finish ?? NSNull()] as [String: Any]]]
    }

    private func whole(_ text: String) -> [String: Any] {
        if dialect == .ollama { return ollamaObject(content: text, done: true, reason: "stop") }
        return ["id": "chatcmpl-fake", "object": "chat.completion", "created": 1_765_000_000, "model": models.first ?? "minibot-test",
                "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"] as [String: Any]],
                "usage": ["prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15]]
    }

    private func startStream(_ context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: dialect == .ollama ? "application/x-ndjson" : "text/event-stream")
        headers.add(name: "Transfer-Encoding", value: "chunked")
        context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        if dialect == .openai { writeRaw(context, "data: " + Self.encode(chunk(["role": "assistant", "content": ""], finish: nil)) + "\n\n") }
    }

    private func writePiece(_ context: ChannelHandlerContext, _ piece: String) {
        if dialect == .ollama {
            writeRaw(context, Self.encode(ollamaObject(content: piece, done: false)) + "\n")
        } else {
            writeRaw(context, "data: " + Self.encode(chunk(["content": piece], finish: nil)) + "\n\n")
        }
    }

    private func endStream(_ context: ChannelHandlerContext, final: Bool = true) {
        if final {
            if dialect == .ollama {
                writeRaw(context, Self.encode(ollamaObject(content: "", done: true, reason: "stop")) + "\n")
            } else {
                writeRaw(context, "data: " + Self.encode(chunk([:], finish: "stop")) + "\n\ndata: [DONE]\n\n")
            }
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func writeRaw(_ context: ChannelHandlerContext, _ text: String) {
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
    }

    private func sendError(_ context: ChannelHandlerContext, status: Int, message: String) {
        let object: [String: Any] = dialect == .ollama
            ? ["error": message]
            : ["error": ["message": message, "type": status >= 500 ? "server_error" : "invalid_request_error", "param": NSNull(), "code": NSNull()]]
        sendJSON(context, status: status, object: object)
    }

    private func sendJSON(_ context: ChannelHandlerContext, status: Int, object: [String: Any]) {
        let json = Self.encode(object)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(json.utf8.count)")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: json)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
