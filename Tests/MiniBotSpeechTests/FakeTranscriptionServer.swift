import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A loopback HTTP server that speaks OpenAI's `POST /v1/audio/transcriptions`: it parses the
/// multipart body, checks the fields the API requires, and answers `json`, `verbose_json` or
/// `text` like OpenAI does (errors as `{"error": {"message", "type"}}`). Behaviours let tests
/// provoke the failures a real server shows: wrong key, 500, no answer, stall, garbage.
final class FakeTranscriptionServer: Sendable {
    struct Segment: Sendable {
        var text: String
        var avgLogprob: Double
        var noSpeechProb: Double
    }

    enum Behavior: Sendable {
        /// Answer the transcription of the upload: these segments, in the requested format.
        case transcribe([Segment])
        /// Answer this status with an OpenAI-style error body.
        case fail(status: Int, message: String)
        /// Accept the request and never answer.
        case neverAnswer
        /// Send the response head announcing a body, then nothing.
        case stallAfterHead
        /// Answer 200 with this body as application/json.
        case raw(String)
    }

    /// What the server saw in one request, after parsing.
    struct Received: Sendable {
        var method: String
        var uri: String
        var headers: [String: String]
        var fields: [String: String]
        var file: MultipartTestParser.Part?
        var problems: [String]
    }

    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let log: Mutex<[Received]>

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var received: [Received] { log.withLock { $0 } }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel) {
        self.port = port
        self.group = group
        self.channel = channel
        self.log = Mutex([])
    }

    static func start(behavior: Behavior, requiredKey: String? = nil) async throws -> FakeTranscriptionServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = Recorder()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(
                        TranscriptionHandler(behavior: behavior, requiredKey: requiredKey, recorder: recorder))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ServerError.noPort }
        let server = FakeTranscriptionServer(port: port, group: group, channel: channel)
        recorder.sink.withLock { $0 = server }
        return server
    }

    /// Starts a server, runs `body` against it, and always shuts it down.
    @discardableResult
    static func with<T>(
        behavior: Behavior,
        requiredKey: String? = nil,
        _ body: (FakeTranscriptionServer) async throws -> T
    ) async throws -> T {
        let server = try await start(behavior: behavior, requiredKey: requiredKey)
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

    /// Closes the listener and every open connection (shutting the event loop group down).
    func shutdown() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }

    enum ServerError: Error { case noPort }

    /// Lets handlers created before the server object existed report to it.
    final class Recorder: Sendable {
        let sink = Mutex<FakeTranscriptionServer?>(nil)

        func record(_ request: Received) { sink.withLock { $0 }?.record(request) }
    }
}

private final class TranscriptionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let behavior: FakeTranscriptionServer.Behavior
    private let requiredKey: String?
    private let recorder: FakeTranscriptionServer.Recorder
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(behavior: FakeTranscriptionServer.Behavior, requiredKey: String?, recorder: FakeTranscriptionServer.Recorder) {
        self.behavior = behavior
        self.requiredKey = requiredKey
        self.recorder = recorder
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
            respond(context: context, head: head)
            self.head = nil
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        var received = FakeTranscriptionServer.Received(
            method: "\(head.method)", uri: head.uri, headers: headers, fields: [:], file: nil, problems: [])
        // Validate like the real API: route, method, auth, multipart, required fields.
        if head.method != .POST || head.uri != "/v1/audio/transcriptions" {
            received.problems.append("route \(head.method) \(head.uri)")
        }
        let contentType = headers["content-type"] ?? ""
        if let boundary = MultipartTestParser.boundary(fromContentType: contentType) {
            do {
                for part in try MultipartTestParser.parse(body, boundary: boundary) {
                    if part.filename != nil { received.file = part } else {
                        received.fields[part.name] = String(decoding: part.data, as: UTF8.self)
                    }
                }
            } catch {
                received.problems.append("multipart: \(error)")
            }
        } else {
            received.problems.append("content-type \(contentType)")
        }
        if received.file == nil { received.problems.append("missing file") }
        if received.fields["model"] == nil { received.problems.append("missing model") }
        recorder.record(received)

        if let requiredKey, headers["authorization"] != "Bearer \(requiredKey)" {
            return send(context: context, status: 401, json: Self.error("Incorrect API key provided", type: "invalid_request_error"))
        }
        if !received.problems.isEmpty {
            return send(context: context, status: 400, json: Self.error(received.problems.joined(separator: "; "), type: "invalid_request_error"))
        }
        switch behavior {
        case .transcribe(let segments):
            let text = segments.map(\.text).joined()
            switch received.fields["response_format"] ?? "json" {
            case "json": send(context: context, status: 200, json: Self.encode(["text": text]))
            case "text": send(context: context, status: 200, json: text)
            case "verbose_json":
                var start = 0.0
                let items: [[String: Any]] = segments.enumerated().map { index, segment in
                    defer { start += 1 }
                    return ["id": index, "seek": 0, "start": start, "end": start + 1, "text": segment.text,
                            "tokens": [50364], "temperature": 0.0, "avg_logprob": segment.avgLogprob,
                            "compression_ratio": 1.0, "no_speech_prob": segment.noSpeechProb]
                }
                send(context: context, status: 200, json: Self.encode([
                    "task": "transcribe", "language": "french", "duration": Double(segments.count),
                    "text": text, "segments": items,
                ]))
            case let other:
                send(context: context, status: 400, json: Self.error("response_format \(other) not supported", type: "invalid_request_error"))
            }
        case .fail(let status, let message):
            send(context: context, status: status, json: Self.error(message, type: "server_error"))
        case .raw(let body):
            send(context: context, status: 200, json: body)
        case .neverAnswer:
            break
        case .stallAfterHead:
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "application/json")
            headers.add(name: "Content-Length", value: "100")
            context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
        }
    }

    private func send(context: ChannelHandlerContext, status: Int, json: String) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(json.utf8.count)")
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: json)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private static func error(_ message: String, type: String) -> String {
        encode(["error": ["message": message, "type": type, "param": NSNull(), "code": NSNull()]])
    }

    private static func encode(_ object: [String: Any]) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
