import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A minimal WebSocket client over NIOWebSocket: ARI's events socket, and the test kit's fake
/// mod_audio_stream. Frames we send are masked (RFC 6455 requires it of clients).
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

        public init?(url: String) {
            guard url.hasPrefix("ws://") else { return nil }
            let rest = url.dropFirst(5)
            let slash = rest.firstIndex(of: "/") ?? rest.endIndex
            let authority = rest[..<slash]
            pathAndQuery = slash == rest.endIndex ? "/" : String(rest[slash...])
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = 80
            }
            if host.isEmpty { return nil }
        }
    }

    public enum ConnectError: Error, Sendable, Hashable {
        case invalidURL(String)
        /// The server answered the upgrade with a non-101 status.
        case upgradeRefused
    }

    enum Upgrade: Sendable {
        case upgraded(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case refused
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
                    let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: maximumFrameSize) { channel, _ in
                        channel.eventLoop.makeCompletedFuture {
                            .upgraded(try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(wrappingChannelSynchronously: channel))
                        }
                    }
                    let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                        upgradeRequestHead: head, upgraders: [upgrader],
                        notUpgradingCompletionHandler: { channel in
                            channel.close(promise: nil)
                            return channel.eventLoop.makeSucceededFuture(.refused)
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
        guard case .upgraded(let channel) = try await upgrade.get() else { throw ConnectError.upgradeRefused }
        return channel
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
