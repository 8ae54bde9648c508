import struct Foundation.UUID
import Logging
import NIOCore
import NIOPosix

/// The bot's AudioSocket listener: Asterisk connects (dialplan `AudioSocket(uuid,host:port)`),
/// and each identified connection becomes an ``AudioSocketCallSession`` handed to your handler.
///
/// Every call runs in its own child task of ``run(_:)``'s task group (no detached tasks); a
/// malformed frame closes only that call. ``shutdownGracefully()`` stops accepting, and `run`
/// returns once live calls have ended.
/// ```swift
/// let server = try await AudioSocketServer.bind(configuration: .init(port: 9092), logger: logger)
/// try await server.run { session in
///     await session.play(welcome)
///     for await event in session.events { … }
/// }
/// ```
public final class AudioSocketServer: Sendable {
    public let configuration: Configuration
    /// Pacing and call counters, readable while the server runs.
    public let statistics: AudioSocketStatistics
    private let serverChannel: NIOAsyncChannel<AcceptedConnection, Never>
    private let logger: Logger

    enum AcceptedConnection: Sendable {
        case call(Call)
        case rejected
    }

    struct Call: Sendable {
        let channel: any Channel
        let handler: NIOLoopBound<AudioSocketCallHandler>
        let callStarted: EventLoopFuture<UUID>
    }

    private init(configuration: Configuration, statistics: AudioSocketStatistics,
                 serverChannel: NIOAsyncChannel<AcceptedConnection, Never>, logger: Logger) {
        self.configuration = configuration
        self.statistics = statistics
        self.serverChannel = serverChannel
        self.logger = logger
    }

    /// The bound port (useful with `port: 0`).
    public var localPort: Int? { serverChannel.channel.localAddress?.port }

    /// Binds the listener; calls are accepted once ``run(_:)`` is running.
    public static func bind(
        configuration: Configuration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "minibot.audiosocket")
    ) async throws -> AudioSocketServer {
        let statistics = AudioSocketStatistics()
        let tickers = PacingTickerRegistry(statistics: statistics)
        let channel = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try Self.initialize(channel: channel, configuration: configuration,
                                        tickers: tickers, logger: logger)
                }
            }
        logger.info("AudioSocket server listening", metadata: [
            "address": "\(channel.channel.localAddress.map { "\($0)" } ?? "?")",
            "max_calls": "\(configuration.maximumConcurrentCalls)",
        ])
        return AudioSocketServer(configuration: configuration, statistics: statistics,
                                 serverChannel: channel, logger: logger)
    }

    /// Accepts calls until ``shutdownGracefully()`` (or cancellation), running `handler` for each
    /// identified call in its own child task; returns when the listener is closed and every call
    /// has ended. A call still live when its handler returns is hung up. Call it once, right after
    /// ``bind(configuration:eventLoopGroup:logger:)``: connections are accepted on demand as this
    /// loop asks for them (back-pressure), so none are accepted before it runs.
    public func run(_ handler: @escaping @Sendable (any CallSession) async -> Void) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await serverChannel.executeThenClose { inbound in
                for try await connection in inbound {
                    guard case .call(let call) = connection else { continue }
                    group.addTask {
                        await Self.serve(call, handler: handler)
                    }
                }
            }
        }
    }

    /// Stops accepting new calls and returns once the listening socket is closed; live calls
    /// continue until they end, then ``run(_:)`` returns. Connections still waiting in the
    /// kernel's backlog are refused.
    public func shutdownGracefully() async {
        try? await serverChannel.channel.close()
    }

    /// `false` once the listener is closed.
    public var isAcceptingCalls: Bool { serverChannel.channel.isActive }

    private static func serve(_ call: Call, handler: @Sendable (any CallSession) async -> Void) async {
        // Fails when the peer closes or breaks the protocol before its UUID (already logged).
        guard let id = try? await call.callStarted.get() else {
            try? await call.channel.closeFuture.get()
            return
        }
        let session = AudioSocketCallSession(
            callID: id,
            metadata: CallMetadata(transport: "audiosocket", remoteAddress: call.channel.remoteAddress.map { "\($0)" }),
            handler: call.handler
        )
        await handler(session)
        await session.hangup()
        // Let the hangup linger (peer closes, or 2 s) instead of resetting the socket.
        try? await call.channel.closeFuture.get()
    }

    private static func initialize(channel: any Channel, configuration: Configuration,
                                   tickers: PacingTickerRegistry, logger: Logger) throws -> AcceptedConnection {
        let statistics = tickers.statistics
        guard statistics.reserveCall(limit: configuration.maximumConcurrentCalls) else {
            logger.warning("AudioSocket call refused: MAX_CONCURRENT_CALLS reached", metadata: [
                "max_calls": "\(configuration.maximumConcurrentCalls)",
                "remote": "\(channel.remoteAddress.map { "\($0)" } ?? "?")",
            ])
            try channel.pipeline.syncOperations.addHandler(AudioSocketRejectHandler())
            return .rejected
        }
        channel.closeFuture.whenComplete { _ in statistics.releaseCall() }
        let promise = channel.eventLoop.makePromise(of: UUID.self)
        let handler = AudioSocketCallHandler(
            callStarted: promise,
            ticker: tickers.ticker(for: channel.eventLoop),
            statistics: statistics,
            uuidTimeout: configuration.uuidTimeout,
            sendsSilenceWhenIdle: configuration.sendsSilenceWhenIdle,
            logger: logger
        )
        let sync = channel.pipeline.syncOperations
        try sync.addHandler(ByteToMessageHandler(AudioSocketDecoder(maximumPayloadLength: configuration.maximumPayloadLength)))
        try sync.addHandler(handler)
        return .call(Call(channel: channel, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop),
                          callStarted: promise.futureResult))
    }
}

/// Refuses a connection over the call limit the way Asterisk understands: an AudioSocket
/// hangup (`00 00 00`), then close. (Asterisk treats any other kind from the server, including
/// `0xff` error, as an unexpected message.)
final class AudioSocketRejectHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    private var rejected = false

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { reject(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        reject(context: context)
    }

    /// Whatever the peer sends meanwhile (its UUID, audio) is discarded.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    private func reject(context: ChannelHandlerContext) {
        guard !rejected else { return }
        rejected = true
        AudioSocketWire.sendHangupAndClose(context: context)
    }
}
