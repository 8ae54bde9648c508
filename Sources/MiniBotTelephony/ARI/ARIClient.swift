import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// Asterisk REST Interface client: REST calls with basic auth through AsyncHTTPClient, and the
/// events WebSocket (`/ari/events?app=…`) kept open by ``run()`` with reconnection.
///
/// Events are decoded once into ``ARIChannelEvent`` and routed by channel id to observers
/// registered with ``observe(channel:_:)`` (the dialer registers before originating, so no event
/// is missed); ``events()`` subscribers get them as received.
/// ```swift
/// let ari = ARIClient(configuration: .init(url: "http://127.0.0.1:8088", username: "minibot",
///                                          password: "secret", application: "minibot"))
/// group.addTask { try await ari.run() }
/// try await ari.waitUntilConnected()
/// let channel = try await ari.originate(endpoint: "PJSIP/0612345678@trunk", channelID: id.uuidString)
/// ```
public final class ARIClient: Sendable {
    /// `ASTERISK_ARI_URL`, `ASTERISK_ARI_USER`, `ASTERISK_ARI_PASSWORD`, `ASTERISK_ARI_APP`.
    public struct Configuration: Sendable {
        public var url: String
        public var username: String
        public var password: String
        public var application: String
        public var initialReconnectDelay: Duration
        public var maximumReconnectDelay: Duration
        public var requestTimeout: Duration

        public init(url: String = "http://127.0.0.1:8088", username: String, password: String,
                    application: String = "minibot", initialReconnectDelay: Duration = .milliseconds(500),
                    maximumReconnectDelay: Duration = .seconds(30), requestTimeout: Duration = .seconds(10)) {
            self.url = url
            self.username = username
            self.password = password
            self.application = application
            self.initialReconnectDelay = initialReconnectDelay
            self.maximumReconnectDelay = maximumReconnectDelay
            self.requestTimeout = requestTimeout
        }
    }

    public let configuration: Configuration
    let httpClient: HTTPClient
    let logger: Logger
    let state = Mutex(EventState())

    struct EventState {
        var connected = false
        var generation = 0
        var isShutDown = false
        var socket: (any Channel)?
        var waiters: [UUID: CheckedContinuation<Void, any Error>] = [:]
        var observers: [String: @Sendable (ARIChannelEvent) -> Void] = [:]
        var subscribers: [Int: AsyncStream<ARIEvent>.Continuation] = [:]
        var nextSubscriber = 0
    }

    public init(configuration: Configuration, httpClient: HTTPClient = .shared,
                logger: Logger = Logger(label: "minibot.ari")) {
        self.configuration = configuration
        self.httpClient = httpClient
        self.logger = logger
    }

    var authorization: String {
        "Basic " + Data("\(configuration.username):\(configuration.password)".utf8).base64EncodedString()
    }

    var baseURL: String {
        configuration.url.hasSuffix("/") ? String(configuration.url.dropLast()) : configuration.url
    }

    // MARK: REST

    /// One REST call; returns the body of a 2xx answer, throws ``ARIError/http(status:message:request:)`` otherwise.
    @discardableResult
    public func request(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
                        json body: [String: Any]? = nil) async throws -> Data {
        let queryText = query.isEmpty ? "" : "?" + query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var request = HTTPClientRequest(url: baseURL + "/ari" + path + queryText)
        request.method = method
        request.headers.add(name: "Authorization", value: authorization)
        if let body {
            let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let timeout = TimeAmount.nanoseconds(Int64(configuration.requestTimeout.components.seconds) * 1_000_000_000)
        let response = try await httpClient.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 4 * 1024 * 1024)
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(Int(response.status.code)) else {
            let message = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["message"] as? String
                ?? response.status.reasonPhrase
            throw ARIError.http(status: Int(response.status.code), message: message, request: "\(method) \(path)")
        }
        return data
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, what: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch {
            throw ARIError.invalidResponse("\(what): \(error)")
        }
    }

    /// `POST /ari/channels`: dial `endpoint` straight into our Stasis app (`app`, `appArgs`).
    public func originate(endpoint: String, channelID: String, callerID: String? = nil, timeoutSeconds: Int = 30,
                          appArgs: String? = nil, variables: [String: String] = [:]) async throws -> ARIChannel {
        var query = [("endpoint", endpoint), ("app", configuration.application), ("channelId", channelID),
                     ("timeout", "\(timeoutSeconds)")]
        if let appArgs { query.append(("appArgs", appArgs)) }
        if let callerID { query.append(("callerId", callerID)) }
        let data = try await request(.POST, "/channels", query: query, json: ["variables": variables])
        return try decode(ARIChannel.self, data, what: "originate")
    }

    /// `POST /ari/channels` into a dialplan location (e.g. a context running `AMD()` then `Stasis()`).
    public func originate(endpoint: String, channelID: String, context: String, extension exten: String,
                          priority: Int = 1, callerID: String? = nil, timeoutSeconds: Int = 30,
                          variables: [String: String] = [:]) async throws -> ARIChannel {
        var query = [("endpoint", endpoint), ("context", context), ("extension", exten), ("priority", "\(priority)"),
                     ("channelId", channelID), ("timeout", "\(timeoutSeconds)")]
        if let callerID { query.append(("callerId", callerID)) }
        let data = try await request(.POST, "/channels", query: query, json: ["variables": variables])
        return try decode(ARIChannel.self, data, what: "originate")
    }

    /// `POST /ari/channels/externalMedia` with AudioSocket encapsulation: Asterisk connects to
    /// `externalHost` (our AudioSocket server) and sends `data` (the call UUID) as the AudioSocket id.
    public func externalMedia(channelID: String, externalHost: String, data callUUID: String,
                              format: String = "slin") async throws -> ARIChannel {
        let query = [("app", configuration.application), ("channelId", channelID), ("external_host", externalHost),
                     ("encapsulation", "audiosocket"), ("transport", "tcp"), ("format", format), ("data", callUUID)]
        let data = try await request(.POST, "/channels/externalMedia", query: query)
        return try decode(ARIChannel.self, data, what: "externalMedia")
    }

    public func createBridge(id: String, type: String = "mixing") async throws -> ARIBridge {
        let data = try await request(.POST, "/bridges", query: [("type", type), ("bridgeId", id)])
        return try decode(ARIBridge.self, data, what: "bridge")
    }

    public func addChannels(_ channelIDs: [String], toBridge bridgeID: String) async throws {
        try await request(.POST, "/bridges/\(Self.encode(bridgeID))/addChannel",
                          query: [("channel", channelIDs.joined(separator: ","))])
    }

    public func deleteBridge(_ bridgeID: String) async throws {
        try await request(.DELETE, "/bridges/\(Self.encode(bridgeID))")
    }

    /// `DELETE /ari/channels/{id}?reason=normal`.
    public func hangup(channelID: String, reason: String = "normal") async throws {
        try await request(.DELETE, "/channels/\(Self.encode(channelID))", query: [("reason", reason)])
    }

    /// `POST /ari/channels/{id}/continue`: leave Stasis for a dialplan location (transfer to agents).
    public func continueInDialplan(channelID: String, context: String, extension exten: String, priority: Int = 1) async throws {
        try await request(.POST, "/channels/\(Self.encode(channelID))/continue",
                          query: [("context", context), ("extension", exten), ("priority", "\(priority)")])
    }

    /// `POST /ari/channels/{id}/redirect?endpoint=…`: send the channel to another endpoint.
    public func redirect(channelID: String, endpoint: String) async throws {
        try await request(.POST, "/channels/\(Self.encode(channelID))/redirect", query: [("endpoint", endpoint)])
    }

    /// Percent-encodes a path segment or query value.
    public static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
