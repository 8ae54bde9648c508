import struct Foundation.UUID
import NIOCore
import NIOPosix

/// The Asterisk side of AudioSocket, for the simulated PBX, tests and benchmarks: connects,
/// sends the call UUID first, then caller audio paced at 20 ms, DTMF and hangup, and receives
/// the bot's frames with their arrival times.
///
/// Scoped like PostgresNIO's `withConnection`: the socket lives exactly as long as the closure.
/// ```swift
/// try await AudioSocketClient.withConnection(port: 9092, callID: UUID()) { call in
///     await call.send(frames: callerFrames)      // paced, one every 20 ms
///     for await received in call.received { … }  // bot audio, hangup
/// }
/// ```
public enum AudioSocketClient {
    /// Options of a simulated Asterisk leg.
    public struct Configuration: Sendable {
        /// Send silence when no caller audio is queued (a real RTP leg never stops).
        public var sendsSilenceWhenIdle: Bool
        public var maximumPayloadLength: Int

        public init(sendsSilenceWhenIdle: Bool = false,
                    maximumPayloadLength: Int = AudioSocketDecoder.defaultMaximumPayloadLength) {
            self.sendsSilenceWhenIdle = sendsSilenceWhenIdle
            self.maximumPayloadLength = maximumPayloadLength
        }
    }

    /// Pacing counters of every client connection in this process.
    public static let statistics = AudioSocketStatistics()
    static let tickers = PacingTickerRegistry(statistics: statistics)

    /// Connects, sends `callID`, runs `body`, then closes the socket.
    public static func withConnection<Result: Sendable>(
        host: String = "127.0.0.1",
        port: Int,
        callID: UUID,
        configuration: Configuration = Configuration(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        _ body: (AudioSocketClientConnection) async throws -> Result
    ) async throws -> Result {
        let connected = try await ClientBootstrap(group: eventLoopGroup)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = AudioSocketClientHandler(
                        callID: callID,
                        ticker: tickers.ticker(for: channel.eventLoop),
                        sendsSilenceWhenIdle: configuration.sendsSilenceWhenIdle
                    )
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(ByteToMessageHandler(AudioSocketDecoder(maximumPayloadLength: configuration.maximumPayloadLength)))
                                try sync.addHandler(handler)
                    let asyncChannel = try NIOAsyncChannel<ReceivedAudioSocketMessage, ByteBuffer>(
                        wrappingChannelSynchronously: channel)
                    return (asyncChannel, NIOLoopBound(handler, eventLoop: channel.eventLoop))
                }
            }
        let (channel, handler) = connected
        return try await channel.executeThenClose { inbound, _ in
            try await body(AudioSocketClientConnection(callID: callID, inbound: inbound, handler: handler))
        }
    }
}

/// One live simulated Asterisk leg (see ``AudioSocketClient``).
public struct AudioSocketClientConnection: Sendable {
    public let callID: UUID
    /// Messages from the bot in arrival order; ends when the socket closes.
    public let received: Received
    private let handler: NIOLoopBound<AudioSocketClientHandler>

    init(callID: UUID, inbound: NIOAsyncChannelInboundStream<ReceivedAudioSocketMessage>,
         handler: NIOLoopBound<AudioSocketClientHandler>) {
        self.callID = callID
        self.handler = handler
        self.received = Received(iterator: UncheckedIteratorBox(inbound.makeAsyncIterator()))
    }

    /// Queues caller audio (160-sample frames); it leaves one frame every 20 ms.
    public func send(frames: [[Int16]]) async {
        let handler = handler
        _ = try? await handler.eventLoop.submit { handler.value.enqueue(frames) }.get()
    }

    /// Sends one DTMF digit now (unpaced, like Asterisk).
    public func sendDTMF(_ digit: Character) async {
        await sendNow(.dtmf(digit))
    }

    /// Sends any message now, unpaced — also malformed sequences for tests.
    public func sendNow(_ message: AudioSocketMessage) async {
        let handler = handler
        _ = try? await handler.eventLoop.submit { handler.value.sendNow(message) }.get()
    }

    /// Sends hangup and closes the socket.
    public func hangup() async {
        let handler = handler
        _ = try? await handler.eventLoop.submit { handler.value.hangUp() }.get()
    }

    /// Non-throwing sequence of received messages (a decoding error simply ends it).
    public struct Received: AsyncSequence, Sendable {
        public typealias Element = ReceivedAudioSocketMessage
        public typealias Failure = Never
        let iterator: UncheckedIteratorBox<NIOAsyncChannelInboundStream<ReceivedAudioSocketMessage>.AsyncIterator>

        public struct AsyncIterator: AsyncIteratorProtocol {
            let box: UncheckedIteratorBox<NIOAsyncChannelInboundStream<ReceivedAudioSocketMessage>.AsyncIterator>
            public mutating func next() async -> ReceivedAudioSocketMessage? { await box.next() }
            public mutating func next(isolation actor: isolated (any Actor)?) async throws(Never) -> ReceivedAudioSocketMessage? {
                await box.next()
            }
        }

        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(box: iterator) }
    }
}
