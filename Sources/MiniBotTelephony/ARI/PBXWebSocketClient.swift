import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// A minimal WebSocket client over NIOWebSocket: ARI's events socket, the test kit's fake
/// mod_audio_stream, and the streaming speech engines (Deepgram over `wss://`, vosk-server).
/// Frames we send are masked (RFC 6455 requires it of clients).
/// ```swift
/// let ws = try await PBXWebSocketClient.connect(url: "ws://127.0.0.1:8088/ari/events?app=minibot",
///                                            headers: ["Authorization": "Basic …"])
/// try await ws.executeThenClose { inbound, outbound in
///     for try await frame in inbound where frame.opcode == .text { … }
/// }
/// ```
public enum PBXWebSocketClient {
    /// `ws://host[:port]/path?query` split into its parts.
    public struct Endpoint: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var pathAndQuery: String
        /// `wss://`: TLS with the system's trust roots and the host name as SNI.
        public var secure: Bool

        public init?(url: String) {
            if url.hasPrefix("ws://") {
                secure = false
            } else if url.hasPrefix("wss://") {
                secure = true
            } else {
                return nil
            }
            let rest = url.dropFirst(secure ? 6 : 5)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<slash]
            pathAndQuery = slash == rest.endIndex ? "/" : String(rest[slash...])
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = secure ? 443 : 80
            }
            if host.isEmpty { return nil }
        }
    }

    public enum ConnectError: Error, Sendable, Hashable {
        case invalidURL(String)
        /// The server closed, timed out, or answered the upgrade without a readable status.
        case upgradeRefused
        /// The server answered the upgrade with this HTTP status instead of 101 (401: bad credentials).
        case refused(status: Int)
    }

    enum Upgrade: Sendable {
        case upgraded(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused(status: Int?)
    }

    public static func connect(url: String, headers: [(String, String)] = [], maximumFrameSize: Int = 1 << 20,
                               upgradeTimeout: TimeAmount = .seconds(10),
                               eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton)
        async throws -> NIOAsyncChannel<WebSocketFrame, WebSocketFrame> {
        guard let endpoint = Endpoint(url: url) else { throw ConnectError.invalidURL(url) }
        var requestHeaders = HTTPHeaders(headers)
        requestHeaders.replaceOrAdd(name: "Host", value: "\(endpoint.host):\(endpoint.port)")
        requestHeaders.replaceOrAdd(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: endpoint.pathAndQuery, headers: requestHeaders)
        let upgrade: EventLoopFuture<Upgrade> = try await ClientBootstrap(group: eventLoopGroup)
            .connect(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if endpoint.secure {
                        let context = try NIOSSLContext(configuration: .makeClientConfiguration())
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: context, serverHostname: endpoint.host))
                    }
                    let status = UpgradeStatusSniffer()
                    try channel.pipeline.syncOperations.addHandler(status)
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: maximumFrameSize) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .upgraded(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                        }
                    }
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.close(promise: nil)
                            return channel.eventLoop.makeSucceededFuture(.refused(status: status.status))
                        })
                    var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                    // Frames the server sends right behind its 101 response share the read with it:
                    // forward them to the WebSocket decoder instead of dropping them (NIO's default).
                    pipeline.leftOverBytesStrategy = .forwardBytes
                    let upgraded = try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                    // The upgrade future is not failed when the peer closes before answering, nor
                    // bounded in time: settle it ourselves (first outcome wins, all on this loop).
                    // The timeout is cancelled once settled: left armed, it closed every healthy
                    // socket `upgradeTimeout` after connecting (Asterisk then logged "missed message").
                    let result = channel.eventLoop.makePromise(of: Upgrade.self)
                    let settled = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
                    let timeout = NIOLoopBoundBox<Scheduled<Void>?>(nil, eventLoop: channel.eventLoop)
                    let settle: @Sendable (Result<Upgrade, any Error>) -> Void = { outcome in
                        guard !settled.value else { return }
                        settled.value = true
                        timeout.value?.cancel()
                        timeout.value = nil
                        result.completeWith(outcome)
                    }
                    timeout.value = channel.eventLoop.scheduleTask(in: upgradeTimeout) {
                        guard !settled.value else { return }
                        settle(.failure(ConnectError.upgradeRefused))
                        channel.close(promise: nil)
                    }
                    upgraded.whenComplete(settle)
                    channel.closeFuture.whenComplete { _ in settle(.failure(ConnectError.upgradeRefused)) }
                    return result.futureResult
                }
            }
        switch try await upgrade.get() {
        case .upgraded(let channel): return channel
        case .refused(let status?): throw ConnectError.refused(status: status)
        case .refused(nil): throw ConnectError.upgradeRefused
        }
    }

    /// A masked client frame.
    public static func frame(_ opcode: WebSocketOpcode, _ data: ByteBuffer) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: data)
    }

    /// A masked close frame with `code`.
    public static func closeFrame(code: WebSocketErrorCode = .normalClosure) -> WebSocketFrame {
        var data = ByteBufferAllocator().buffer(capacity: 2)
        data.write(webSocketErrorCode: code)
        return frame(.connectionClose, data)
    }
}

/// Reads the status code of the server's first response line ("HTTP/1.1 401 Unauthorized") as the
/// bytes pass by, so a refused upgrade can say why (NIO's upgrader reports only "not upgraded").
/// It steps out of the pipeline after the first read.
final class UpgradeStatusSniffer: ChannelInboundHandler, RemovableChannelHandler, @unchecked Sendable {
    // @unchecked: `status` is written on the channel's event loop and read there by the not-upgrading handler.
    typealias InboundIn = ByteBuffer
    private(set) var status: Int?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        if status == nil, let line = buffer.getString(at: buffer.readerIndex, length: min(buffer.readableBytes, 32)) {
            let fields = line.split(separator: " ", maxSplits: 2)
            if fields.count >= 2, fields[0].hasPrefix("HTTP/"), let code = Int(fields[1]) { status = code }
        }
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(self, promise: nil)
    }
}
