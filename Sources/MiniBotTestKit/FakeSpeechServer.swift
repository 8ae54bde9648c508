import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// A streaming speech-to-text server on 127.0.0.1 that speaks Deepgram's live API or alphacep
/// vosk-server's WebSocket protocol, written from their public documentation, for tests of the
/// streaming recognizers. It cannot understand audio: it "hears" the scripted words one by one as
/// audio arrives (``Script/samplesPerWord`` samples each), which is enough to check interim and
/// final results, and it can misbehave on cue (drop the socket, send bad JSON, refuse the key,
/// close an idle socket as Deepgram does after its timeout).
///
/// Deepgram: `GET /v1/listen?…` with `Authorization: Token <key>` (else HTTP 401 with Deepgram's
/// error body), binary PCM16 audio, text `KeepAlive` / `CloseStream` / `Finalize`; answers
/// `Results` (interim, then `is_final`/`speech_final`) and `Metadata` before a normal close.
/// vosk-server: any path; text `{"config":…}`, binary audio each answered by `{"partial":…}` or
/// `{"text":…,"result":[…]}`, `{"eof" : 1}` answered by the final result and a normal close.
/// ```swift
/// let server = try await FakeSpeechServer.start(flavor: .deepgram(apiKey: "k"), script: .init(words: ["oui", "merci"]))
/// async let serving: Void = server.run()
/// defer { server.shutdown() }
/// ```
public final class FakeSpeechServer: Sendable {
    public enum Flavor: Sendable, Equatable {
        case deepgram(apiKey: String)
        case voskServer
    }

    public struct Script: Sendable {
        /// What the "caller" says, revealed one word per ``samplesPerWord`` received samples.
        public var words: [String]
        public var samplesPerWord: Int
        /// Close a closed segment (Deepgram `is_final`, vosk `text`) every this many words.
        public var segmentEveryWords: Int?
        /// The first ``dropConnections`` connections are cut (TCP close, no close frame) once this many samples arrived.
        public var dropAfterSamples: Int?
        public var dropConnections: Int
        /// Send a text message that is not JSON once this many samples arrived.
        public var badJSONAfterSamples: Int?
        /// Deepgram: close with 1011 "NET-0001" when neither audio nor KeepAlive came for this long.
        public var idleTimeout: Duration?

        public init(words: [String], samplesPerWord: Int = 1_600, segmentEveryWords: Int? = nil, dropAfterSamples: Int? = nil,
                    dropConnections: Int = 1, badJSONAfterSamples: Int? = nil, idleTimeout: Duration? = nil) {
            self.words = words
            self.samplesPerWord = samplesPerWord
            self.segmentEveryWords = segmentEveryWords
            self.dropAfterSamples = dropAfterSamples
            self.dropConnections = dropConnections
            self.badJSONAfterSamples = badJSONAfterSamples
            self.idleTimeout = idleTimeout
        }
    }

    /// What the clients did, for assertions.
    public struct Snapshot: Sendable {
        /// Upgrade requests accepted, in order (path and query).
        public var connections: [String] = []
        /// Upgrade requests refused (bad or missing key).
        public var refused = 0
        /// `Authorization` header of every upgrade request.
        public var authorizations: [String?] = []
        /// Every text message the clients sent, in order.
        public var textMessages: [String] = []
        /// Audio samples received, per accepted connection.
        public var samples: [Int] = []
        /// Connections the server closed for idleness (Deepgram NET-0001).
        public var idleClosures = 0
        /// Connections that ended with the client's close frame or after the server's normal close.
        public var completed = 0

        public var keepAlives: Int { textMessages.filter { $0.contains("KeepAlive") }.count }
    }

    enum Accepted: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, uri: String)
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
    }

    public let flavor: Flavor
    public let script: Script
    let store: FakeSpeechServerStore
    private let server: NIOAsyncChannel<EventLoopFuture<Accepted>, Never>

    public var port: Int { server.channel.localAddress?.port ?? 0 }
    /// `ws://127.0.0.1:PORT/v1/listen` (Deepgram) or `ws://127.0.0.1:PORT` (vosk-server).
    public var url: String {
        switch flavor {
        case .deepgram: "ws://127.0.0.1:\(port)/v1/listen"
        case .voskServer: "ws://127.0.0.1:\(port)"
        }
    }
    public var snapshot: Snapshot { store.state.withLock { $0 } }

    private init(flavor: Flavor, script: Script, store: FakeSpeechServerStore, server: NIOAsyncChannel<EventLoopFuture<Accepted>, Never>) {
        self.flavor = flavor
        self.script = script
        self.store = store
        self.server = server
    }

    public static func start(flavor: Flavor, script: Script,
                             eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> FakeSpeechServer {
        let store = FakeSpeechServerStore()
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketServerUpgrader<Accepted>(
                        shouldUpgrade: { channel, head in
                            let authorization = head.headers.first(name: "Authorization")
                            store.update { $0.authorizations.append(authorization) }
                            let allowed: Bool
                            switch flavor {
                            case .deepgram(let key):
                                allowed = head.uri.hasPrefix("/v1/listen") && authorization == "Token \(key)"
                            case .voskServer:
                                allowed = true
                            }
                            return channel.eventLoop.makeSucceededFuture(allowed ? HTTPHeaders() : nil)
                        },
                        upgradePipelineHandler: { channel, head in
                            channel.eventLoop.makeCompletedFuture {
                                .websocket(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel),
                                           uri: head.uri)
                            }
                        })
                    let upgrade = NIOTypedHTTPServerUpgradeConfiguration<Accepted>(
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.eventLoop.makeCompletedFuture {
                                .http(try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel))
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                        configuration: .init(upgradeConfiguration: upgrade))
                }
            }
        return FakeSpeechServer(flavor: flavor, script: script, store: store, server: server)
    }

    /// Serves connections until ``shutdown()``.
    public func run() async {
        try? await server.executeThenClose { inbound in
            try await withThrowingDiscardingTaskGroup { connections in
                for try await accepted in inbound {
                    connections.addTask { await self.serve(accepted) }
                }
            }
        }
    }

    public func shutdown() {
        server.channel.close(promise: nil)
    }

    /// Closes the listening socket and returns once it is closed (new connections are refused).
    public func stop() async {
        try? await server.channel.close()
    }

    private func serve(_ accepted: EventLoopFuture<Accepted>) async {
        guard let accepted = try? await accepted.get() else { return }
        switch accepted {
        case .websocket(let ws, let uri):
            let index = store.update { state -> Int in
                state.connections.append(uri)
                state.samples.append(0)
                return state.samples.count - 1
            }
            await serveSocket(ws, connection: index)
        case .http(let http):
            store.update { $0.refused += 1 }
            try? await http.executeThenClose { inbound, outbound in
                for try await part in inbound {
                    guard case .end = part else { continue }
                    // Deepgram's documented answer to a missing or wrong key.
                    let body = #"{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"fake"}"#
                    var headers = HTTPHeaders()
                    headers.add(name: "Content-Type", value: "application/json")
                    headers.add(name: "Content-Length", value: "\(body.utf8.count)")
                    headers.add(name: "dg-error", value: "Invalid credentials.")
                    try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .unauthorized, headers: headers)))
                    try await outbound.write(.body(.byteBuffer(ByteBuffer(string: body))))
                    try await outbound.write(.end(nil))
                    return
                }
            }
        }
    }

    /// Waits until `predicate` holds for the snapshot, at most `timeout`; returns whether it held.
    public func wait(timeout: Duration = .seconds(5), until predicate: @escaping @Sendable (Snapshot) -> Bool) async -> Bool {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.store.wait(until: predicate) }
            group.addTask {
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                self.store.releaseAll()
            }
            await group.next()
            group.cancelAll()
            await group.waitForAll()
        }
        return predicate(snapshot)
    }
}

/// The server's observations, shared with the upgrade closure (built before the server object
/// exists), and the tests waiting on them.
final class FakeSpeechServerStore: Sendable {
    typealias Waiter = (predicate: @Sendable (FakeSpeechServer.Snapshot) -> Bool, continuation: CheckedContinuation<Void, Never>)
    let state = Mutex(FakeSpeechServer.Snapshot())
    private let waiters = Mutex<[Waiter]>([])

    /// Changes the snapshot and wakes the waiters whose condition now holds.
    @discardableResult
    func update<T>(_ change: (inout FakeSpeechServer.Snapshot) -> T) -> T {
        let (result, snapshot) = state.withLock { state in (change(&state), state) }
        let ready = waiters.withLock { waiters -> [Waiter] in
            let ready = waiters.filter { $0.predicate(snapshot) }
            waiters.removeAll { $0.predicate(snapshot) }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
        return result
    }

    /// Returns once `predicate` holds (checked now and after every change).
    func wait(until predicate: @escaping @Sendable (FakeSpeechServer.Snapshot) -> Bool) async {
        await withCheckedContinuation { continuation in
            let snapshot = state.withLock { $0 }
            let resumeNow = waiters.withLock { waiters -> Bool in
                if predicate(snapshot) { return true }
                waiters.append((predicate, continuation))
                return false
            }
            if resumeNow { continuation.resume() }
        }
        // A change between the snapshot and the registration is caught by re-checking here.
    }

    /// Resumes every waiter (the test's timeout passed).
    func releaseAll() {
        let all = waiters.withLock { waiters in
            defer { waiters.removeAll() }
            return waiters
        }
        for waiter in all { waiter.continuation.resume() }
    }
}
