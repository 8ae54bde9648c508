import Foundation
import MiniBotTelephony
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// An Asterisk stand-in for ARI: the REST resources MiniBotPanel uses (`POST /ari/channels`,
/// `/ari/channels/externalMedia`, `/ari/bridges`, `addChannel`, `DELETE` channel/bridge,
/// `continue`), basic auth, the events WebSocket (`/ari/events?app=…`) with ARI's JSON events,
/// and, for each `externalMedia` channel, a real AudioSocket leg that connects to the bot's
/// AudioSocket server with the UUID given in `data` and sends the callee's audio.
///
/// Scripted callees answer (optionally through an AMD dialplan context reporting
/// `AMDSTATUS`), are busy (17), don't answer (19) or don't exist (1). Nothing sleeps.
/// ```swift
/// let ari = try await FakeARI.start(configuration: .init(scenarios: ["0600000017": .busy]))
/// group.addTask { await ari.run() }
/// // ARIClient(configuration: .init(url: ari.url, username: "minibot", password: "secret"))
/// ```
public final class FakeARI: Sendable {
    public enum Scenario: Sendable, Hashable {
        /// Answers; `machineDetection` (`"MACHINE"`, `"HUMAN"`) is reported when dialled into a context.
        case answer(callerAudio: [[Int16]] = [], machineDetection: String? = nil, machineCause: String? = nil)
        case busy
        case noAnswer
        case unallocated
    }

    public struct Configuration: Sendable {
        public var username: String
        public var password: String
        public var scenarios: [String: Scenario]
        public var defaultScenario: Scenario
        /// Contexts `DIALPLAN_EXISTS(context,…)` finds (read with `GET /channels/{id}/variable`).
        public var dialplanContexts: Set<String>

        public init(username: String = "minibot", password: String = "secret", scenarios: [String: Scenario] = [:],
                    defaultScenario: Scenario = .answer(), dialplanContexts: Set<String> = ["minibot-amd"]) {
            self.username = username
            self.password = password
            self.scenarios = scenarios
            self.defaultScenario = defaultScenario
            self.dialplanContexts = dialplanContexts
        }
    }

    enum Accepted: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>)
    }

    enum Job: Sendable {
        case mediaLeg(channelID: String, host: String, port: Int, callID: UUID, audio: [[Int16]])
    }

    struct Channel {
        var number: String?
        var scenario: Scenario?
        var state: String
        var isMedia: Bool
        var leg: AudioSocketClientConnection?
    }

    struct State {
        var requests: [String] = []
        var sockets: [ObjectIdentifier: NIOAsyncChannelOutboundWriter<WebSocketFrame>] = [:]
        var channels: [String: Channel] = [:]
        var bridges: [String: [String]] = [:]
        var mediaLegsConnected = 0
        var waiters: [(predicate: @Sendable (Snapshot) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

        var snapshot: Snapshot {
            Snapshot(requests: requests, eventSockets: sockets.count, mediaLegsConnected: mediaLegsConnected)
        }
    }

    /// What a test may wait for.
    public struct Snapshot: Sendable {
        public var requests: [String]
        public var eventSockets: Int
        public var mediaLegsConnected: Int
    }

    let configuration: Configuration
    let state = Mutex(State())
    private let server: NIOAsyncChannel<EventLoopFuture<Accepted>, Never>
    let jobs: (stream: AsyncStream<Job>, sink: AsyncStream<Job>.Continuation)

    public var port: Int { server.channel.localAddress?.port ?? 0 }
    public var url: String { "http://127.0.0.1:\(port)" }

    private init(configuration: Configuration, server: NIOAsyncChannel<EventLoopFuture<Accepted>, Never>) {
        self.configuration = configuration
        self.server = server
        let (stream, sink) = AsyncStream.makeStream(of: Job.self)
        self.jobs = (stream, sink)
    }

    public static func start(configuration: Configuration = Configuration(),
                             eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> FakeARI {
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketServerUpgrader<Accepted>(
                        shouldUpgrade: { channel, head in
                            let ok = head.uri.hasPrefix("/ari/events") && head.headers.first(name: "Authorization") != nil
                            return channel.eventLoop.makeSucceededFuture(ok ? HTTPHeaders() : nil)
                        },
                        upgradePipelineHandler: { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                .websocket(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                            }
                        })
                    let upgrade = NIOTypedHTTPServerUpgradeConfiguration<Accepted>(
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.eventLoop.makeCompletedFuture {
                                .http(try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                                    wrappingChannelSynchronously: channel))
                            }
                        })
                    return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                        configuration: .init(upgradeConfiguration: upgrade))
                }
            }
        return FakeARI(configuration: configuration, server: server)
    }

    /// Serves HTTP, the events socket and the AudioSocket legs until cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask {
                try? await self.server.executeThenClose { inbound in
                    try await withThrowingDiscardingTaskGroup { connections in
                        for try await accepted in inbound {
                            connections.addTask { await self.serve(accepted) }
                        }
                    }
                }
            }
            for await job in jobs.stream {
                group.addTask { await self.perform(job) }
            }
        }
    }

    public func shutdown() {
        jobs.sink.finish()
        server.channel.close(promise: nil)
    }

    // MARK: Observations

    /// `METHOD /path?sorted&query` of every REST request, in order.
    public var receivedRequests: [String] { state.withLock { $0.requests } }
    public var eventSocketCount: Int { state.withLock { $0.sockets.count } }
    public var mediaLegsConnected: Int { state.withLock { $0.mediaLegsConnected } }

    /// Suspends until `predicate` holds over the received requests.
    public func waitForRequests(_ predicate: @escaping @Sendable ([String]) -> Bool) async {
        await waitUntil { predicate($0.requests) }
    }

    /// Suspends until `predicate` holds (checked after every request and connection change).
    public func waitUntil(_ predicate: @escaping @Sendable (Snapshot) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if predicate(state.snapshot) { return true }
                state.waiters.append((predicate, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Suspends until at least `count` events sockets are open.
    public func waitForEventSockets(_ count: Int) async {
        await waitUntil { $0.eventSockets >= count }
    }

    func notify() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            var ready: [CheckedContinuation<Void, Never>] = []
            let snapshot = state.snapshot
            state.waiters.removeAll { waiter in
                guard waiter.predicate(snapshot) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        ready.forEach { $0.resume() }
    }

    // MARK: Driving calls

    /// Closes every events WebSocket (an Asterisk restart as the client sees it).
    public func dropEventSockets() async {
        let writers = state.withLock { state -> [NIOAsyncChannelOutboundWriter<WebSocketFrame>] in
            defer { state.sockets = [:] }
            return Array(state.sockets.values)
        }
        for writer in writers {
            var data = ByteBufferAllocator().buffer(capacity: 2)
            data.write(webSocketErrorCode: .goingAway)
            try? await writer.write(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
            writer.finish()
        }
        notify()
    }

    /// The callee hangs up. Like Asterisk: only the callee's channel goes (ChannelHangupRequest,
    /// StasisEnd, ChannelDestroyed 16); the externalMedia channel and its AudioSocket leg stay in
    /// the bridge, silent, until the bot deletes them.
    public func hangUp(channelID: String) async {
        let existed = state.withLock { $0.channels.removeValue(forKey: channelID) != nil }
        if existed { await destroyed(channelID, cause: 16, text: "Normal Clearing") }
    }

    /// Channels (callees and externalMedia) still alive, like `core show channels`.
    public var liveChannels: [String] { state.withLock { Array($0.channels.keys).sorted() } }
    /// Bridges still alive, like `bridge show all`.
    public var liveBridges: [String] { state.withLock { Array($0.bridges.keys).sorted() } }

    /// The callee says something: `frames` go out on the call's AudioSocket media leg, paced
    /// like Asterisk sends them. False when the call has no connected media leg.
    @discardableResult
    public func sendAudio(_ frames: [[Int16]], channelID: String) async -> Bool {
        guard let leg = state.withLock({ $0.channels["media-\(channelID)"]?.leg }) else { return false }
        await leg.send(frames: frames)
        return true
    }

    /// The callee presses a key (sent on the AudioSocket leg like Asterisk does).
    public func sendDTMF(_ digit: Character, channelID: String) async {
        let leg = state.withLock { $0.channels["media-\(channelID)"]?.leg }
        await leg?.sendDTMF(digit)
    }

    // MARK: Events

    func emit(_ event: [String: Any]) async {
        var event = event
        event["application"] = "minibot"
        event["timestamp"] = "2026-11-22T10:15:00.000+0100"
        event["asterisk_id"] = "00:11:22:33:44:55"
        guard let data = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys]) else { return }
        let writers = state.withLock { Array($0.sockets.values) }
        for writer in writers {
            try? await writer.write(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: data)))
        }
    }

    func channelJSON(_ id: String, state: String, number: String? = nil) -> [String: Any] {
        [
            "id": id, "name": "PJSIP/trunk-0000002a", "state": state,
            "caller": ["name": "MiniBot", "number": "0187654321"],
            "connected": ["name": "", "number": number ?? ""],
            "accountcode": "", "dialplan": ["context": "from-internal", "exten": number ?? "s", "priority": 1],
            "creationtime": "2026-11-22T10:15:00.000+0100", "language": "fr",
        ]
    }

    func destroyed(_ id: String, cause: Int, text: String) async {
        await emit(["type": "ChannelHangupRequest", "cause": cause, "channel": channelJSON(id, state: "Up")])
        await emit(["type": "StasisEnd", "channel": channelJSON(id, state: "Up")])
        await emit(["type": "ChannelDestroyed", "cause": cause, "cause_txt": text, "channel": channelJSON(id, state: "Down")])
    }

    // MARK: Media

    private func perform(_ job: Job) async {
        switch job {
        case .mediaLeg(let channelID, let host, let port, let callID, let audio):
            do {
                try await AudioSocketClient.withConnection(host: host, port: port, callID: callID) { leg in
                    let alive = state.withLock { state -> Bool in
                        guard state.channels[channelID] != nil else { return false }
                        state.channels[channelID]?.leg = leg
                        state.mediaLegsConnected += 1
                        return true
                    }
                    guard alive else { return }
                    notify()
                    if !audio.isEmpty { await leg.send(frames: audio) }
                    for await message in leg.received {
                        if case .hangup = message.message { break }
                    }
                }
            } catch {
                // The bot's AudioSocket server is gone: the leg just ends.
            }
        }
    }
}
