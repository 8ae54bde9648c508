import struct Foundation.UUID
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket
import Synchronization

/// The WebSocket server mod_audio_stream connects to (`uuid_audio_stream <uuid> start
/// ws://host:port/<uuid> mono 8k`). The URL path carries the call's UUID; binary frames (L16
/// little-endian) are re-chunked to 20 ms and delivered to the call registered under that UUID
/// with ``expect(callID:deliver:)``. Unknown UUIDs are closed with code 1008.
/// ```swift
/// let server = try await AudioStreamServer.bind(configuration: .init(port: 8080))
/// group.addTask { try await server.run() }
/// server.expect(callID: id) { frame in continuation.yield(.audio(frame, sampleRate: 8000)) }
/// ```
public final class AudioStreamServer: Sendable {
    public let configuration: Configuration
    private let serverChannel: NIOAsyncChannel<Accepted, Never>
    /// Accepted connections no task serves yet; closed on shutdown so their peers don't hang.
    private let unserved: UnservedChannels
    private let logger: Logger
    private let routes = Mutex<[UUID: @Sendable ([Int16]) -> Void]>([:])
    private let counters = Mutex(Counters())

    /// Connection counters, for tests and metrics.
    public struct Counters: Sendable, Hashable {
        public var accepted = 0
        public var refused = 0
        public var framesDelivered = 0
        public var metadataMessages = 0
    }

    struct Accepted: Sendable {
        let channel: any Channel
        let upgrade: EventLoopFuture<Upgrade>
    }

    final class UnservedChannels: Sendable {
        let channels = Mutex<[ObjectIdentifier: any Channel]>([:])
    }

    enum Upgrade: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, path: String)
        case notUpgraded
    }

    private init(configuration: Configuration, serverChannel: NIOAsyncChannel<Accepted, Never>,
                 unserved: UnservedChannels, logger: Logger) {
        self.configuration = configuration
        self.serverChannel = serverChannel
        self.unserved = unserved
        self.logger = logger
    }

    public var localPort: Int? { serverChannel.channel.localAddress?.port }
    public var statistics: Counters { counters.withLock { $0 } }

    /// The URL to give `uuid_audio_stream` for `callID`.
    public func streamURL(for callID: UUID) -> String {
        let base = configuration.publicURL ?? "ws://\(configuration.host == "0.0.0.0" ? "127.0.0.1" : configuration.host):\(localPort ?? configuration.port)"
        return "\(base.hasSuffix("/") ? String(base.dropLast()) : base)/\(callID.uuidString.lowercased())"
    }

    public static func bind(configuration: Configuration,
                            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            logger: Logger = Logger(label: "minibot.audiostream")) async throws -> AudioStreamServer {
        let maximumFrameSize = configuration.maximumFrameSize
        let unserved = UnservedChannels()
        let channel = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let upgrader = NIOTypedWebSocketServerUpgrader<Upgrade>(
                        maxFrameSize: maximumFrameSize,
                        shouldUpgrade: { channel, _ in channel.eventLoop.makeSucceededFuture(HTTPHeaders()) },
                        upgradePipelineHandler: { channel, head in
                            channel.eventLoop.makeCompletedFuture {
                                let ws = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel)
                                return Upgrade.websocket(ws, path: head.uri)
                            }
                        })
                    let configuration = NIOTypedHTTPServerUpgradeConfiguration<Upgrade>(
                        upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.close(promise: nil)
                            return channel.eventLoop.makeSucceededFuture(.notUpgraded)
                        })
                    let upgrade = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                        configuration: .init(upgradeConfiguration: configuration))
                    let key = ObjectIdentifier(channel)
                    unserved.channels.withLock { $0[key] = channel }
                    channel.closeFuture.whenComplete { _ in _ = unserved.channels.withLock { $0.removeValue(forKey: key) } }
                    return Accepted(channel: channel, upgrade: upgrade)
                }
            }
        return AudioStreamServer(configuration: configuration, serverChannel: channel, unserved: unserved, logger: logger)
    }

    /// Routes the stream of `callID` to `deliver` (one 20 ms frame per call, in order).
    public func expect(callID: UUID, deliver: @escaping @Sendable ([Int16]) -> Void) {
        routes.withLock { $0[callID] = deliver }
    }

    public func forget(callID: UUID) {
        _ = routes.withLock { $0.removeValue(forKey: callID) }
    }

    /// Accepts streams until cancelled or ``shutdownGracefully()``; each stream in a child task.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await serverChannel.executeThenClose { inbound in
                for try await accepted in inbound {
                    _ = unserved.channels.withLock { $0.removeValue(forKey: ObjectIdentifier(accepted.channel)) }
                    group.addTask { await self.serve(accepted.upgrade) }
                }
            }
        }
    }

    /// Stops accepting; streams already served continue until their calls end. Connections
    /// accepted but not yet served are closed.
    public func shutdownGracefully() async {
        try? await serverChannel.channel.close()
        let orphans = unserved.channels.withLock { channels -> [any Channel] in
            defer { channels = [:] }
            return Array(channels.values)
        }
        for orphan in orphans { orphan.close(promise: nil) }
    }

    private func serve(_ upgrade: EventLoopFuture<Upgrade>) async {
        guard case .websocket(let ws, let path)? = try? await upgrade.get() else { return }
        let samplesPerFrame = configuration.sampleRate / 50
        do {
            try await ws.executeThenClose { inbound, outbound in
                let idText = path.split(separator: "/").last.map { String($0.split(separator: "?").first ?? "") } ?? ""
                guard let id = UUID(uuidString: idText), let deliver = routes.withLock({ $0[id] }) else {
                    counters.withLock { $0.refused += 1 }
                    logger.warning("Audio stream for an unknown call refused", metadata: ["path": "\(path)"])
                    try await outbound.write(Self.closeFrame(code: .policyViolation))
                    // Closing handshake: wait for the peer's close (or its disconnect, at most 2 s) so
                    // our close frame is not lost by closing the socket under it.
                    let deadline = ws.channel.eventLoop.scheduleTask(in: .seconds(2)) { ws.channel.close(promise: nil) }
                    defer { deadline.cancel() }
                    for try await frame in inbound where frame.opcode == .connectionClose { break }
                    return
                }
                counters.withLock { $0.accepted += 1 }
                var chunker = AudioStreamRechunker(samplesPerFrame: samplesPerFrame)
                for try await frame in inbound {
                    switch frame.opcode {
                    case .binary, .continuation:
                        let frames = chunker.append(frame.unmaskedData)
                        for samples in frames { deliver(samples) }
                        if !frames.isEmpty { counters.withLock { $0.framesDelivered += frames.count } }
                    case .text:
                        // mod_audio_stream's metadata (first message) or JSON; logged, not audio.
                        counters.withLock { $0.metadataMessages += 1 }
                        logger.debug("Audio stream metadata", metadata: ["call_id": "\(id)", "text": "\(String(buffer: frame.unmaskedData).prefix(200))"])
                    case .ping:
                        try await outbound.write(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData))
                    case .connectionClose:
                        try await outbound.write(Self.closeFrame(code: .normalClosure))
                        return
                    default:
                        break
                    }
                }
            }
        } catch {
            logger.debug("Audio stream closed with error", metadata: ["error": "\(error)"])
        }
    }

    static func closeFrame(code: WebSocketErrorCode) -> WebSocketFrame {
        var data = ByteBufferAllocator().buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        return WebSocketFrame(fin: true, opcode: .connectionClose, data: data)
    }
}
