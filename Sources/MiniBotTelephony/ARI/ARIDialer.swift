import struct Foundation.UUID
import Logging
import Synchronization

/// ``PBXDialer`` for Asterisk through ARI.
///
/// Originates with `POST /ari/channels` straight into our Stasis app, or, when the request asks
/// for answering-machine detection and ``Configuration/machineDetectionContext`` is set, into that
/// dialplan context (which runs `AMD()` then `Stasis(app,${AMDSTATUS},${AMDCAUSE})`). The outcome
/// comes from the events: `StasisStart` = answered, `ChannelDestroyed` = its Q.850 `cause`. On
/// answer, an `externalMedia` channel (AudioSocket encapsulation, `data` = call UUID) connects back
/// to our ``AudioSocketServer`` and is bridged with the callee; the session is that AudioSocket
/// connection, claimed from the ``AudioSocketSessionRouter``.
/// ```swift
/// let dialer = ARIDialer(client: ari, router: router,
///                        configuration: .init(endpointTemplate: "PJSIP/{number}@trunk",
///                                             audioSocketAddress: "127.0.0.1:9092"))
/// ```
public struct ARIDialer: PBXDialer {
    public struct Configuration: Sendable {
        /// `{number}` is replaced by the dialled number, e.g. `PJSIP/{number}@trunk`.
        public var endpointTemplate: String
        /// Our AudioSocket server as Asterisk reaches it (`host:port`).
        public var audioSocketAddress: String
        /// Dialplan context running `AMD()` then `Stasis()`; nil: AMD requests dial straight into Stasis.
        public var machineDetectionContext: String?
        /// Extra wait beyond the ring timeout before giving up on events.
        public var eventTimeoutMargin: Duration
        public var mediaTimeout: Duration

        public init(endpointTemplate: String, audioSocketAddress: String, machineDetectionContext: String? = nil,
                    eventTimeoutMargin: Duration = .seconds(15), mediaTimeout: Duration = .seconds(5)) {
            self.endpointTemplate = endpointTemplate
            self.audioSocketAddress = audioSocketAddress
            self.machineDetectionContext = machineDetectionContext
            self.eventTimeoutMargin = eventTimeoutMargin
            self.mediaTimeout = mediaTimeout
        }
    }

    public let configuration: Configuration
    private let client: ARIClient
    private let router: AudioSocketSessionRouter
    private let logger: Logger

    public init(client: ARIClient, router: AudioSocketSessionRouter, configuration: Configuration,
                logger: Logger = Logger(label: "minibot.ari.dialer")) {
        self.client = client
        self.router = router
        self.configuration = configuration
        self.logger = logger
    }

    public func dial(_ request: DialRequest) async throws -> DialAttempt {
        guard FreeSwitchDialer.isDialable(request.number) else {
            return DialAttempt(callID: request.callID, outcome: .invalidNumber(Q850Cause(code: 28)))
        }
        let id = request.callID.uuidString.lowercased()
        let endpoint = configuration.endpointTemplate.replacingOccurrences(of: "{number}", with: request.number)
        let (events, continuation) = AsyncStream.makeStream(of: ARIEvent.self)
        client.observe(channel: id) { continuation.yield($0) }
        let progress = DialProgress()
        do {
            if request.detectsAnsweringMachine, let context = configuration.machineDetectionContext {
                _ = try await client.originate(endpoint: endpoint, channelID: id, context: context, extension: request.number,
                                               callerID: request.callerID, timeoutSeconds: request.ringTimeoutSeconds,
                                               variables: request.variables.merging(["MINIBOT_APP": client.configuration.application]) { $1 })
            } else {
                _ = try await client.originate(endpoint: endpoint, channelID: id, callerID: request.callerID,
                                               timeoutSeconds: request.ringTimeoutSeconds, appArgs: "dialed",
                                               variables: request.variables)
            }
        } catch ARIError.http(let status, let message, _) {
            client.stopObserving(channel: id)
            logger.info("ARI originate refused", metadata: ["call_id": "\(id)", "status": "\(status)", "message": "\(message)"])
            // 400: Asterisk could not use the endpoint (bad number/trunk); 5xx: channel allocation failed.
            let outcome: DialOutcome = status == 400 ? .invalidNumber(Q850Cause(code: 28)) : .congestion(Q850Cause(code: 44))
            return DialAttempt(callID: request.callID, outcome: outcome)
        }
        let deadline = Duration.seconds(request.ringTimeoutSeconds) + configuration.eventTimeoutMargin
        let answered = await withTaskGroup(of: Bool?.self) { group -> Bool? in
            group.addTask {
                for await event in events where progress.handle(event) {
                    return progress.isAnswered
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            continuation.finish()
            group.cancelAll()
            return first
        }
        guard answered == true else {
            client.stopObserving(channel: id)
            if answered == nil { try? await client.hangup(channelID: id) }
            let cause = progress.cause ?? Q850Cause(code: 19)
            return DialAttempt(callID: request.callID, outcome: DialOutcome(unansweredCause: cause))
        }
        return try await connectMedia(request: request, channelID: id, machineDetection: progress.machineDetection)
    }

    private func connectMedia(request: DialRequest, channelID: String, machineDetection: PBXMachineDetection?) async throws -> DialAttempt {
        let mediaID = "media-\(channelID)"
        let bridgeID = "bridge-\(channelID)"
        do {
            _ = try await client.createBridge(id: bridgeID)
            _ = try await client.externalMedia(channelID: mediaID, externalHost: configuration.audioSocketAddress,
                                               data: request.callID.uuidString.lowercased())
            try await client.addChannels([channelID, mediaID], toBridge: bridgeID)
            let media = try await router.claim(request.callID, timeout: configuration.mediaTimeout)
            let router = router
            let session = ARICallSession(media: media, client: client, channelID: channelID, mediaChannelID: mediaID,
                                         bridgeID: bridgeID, attributes: ["number": request.number], logger: logger,
                                         onEnd: { router.release(request.callID) })
            return DialAttempt(callID: request.callID, outcome: .answered, session: session, machineDetection: machineDetection)
        } catch {
            logger.error("ARI media setup failed; hanging up", metadata: ["call_id": "\(channelID)", "error": "\(error)"])
            client.stopObserving(channel: channelID)
            try? await client.hangup(channelID: channelID)
            try? await client.hangup(channelID: mediaID)
            try? await client.deleteBridge(bridgeID)
            throw error
        }
    }
}

/// What the events told so far about one originated channel.
final class DialProgress: Sendable {
    private struct State {
        var answered = false
        var cause: Q850Cause?
        var amdStatus: String?
        var amdCause: String?
    }
    private let state = Mutex(State())

    var isAnswered: Bool { state.withLock { $0.answered } }
    var cause: Q850Cause? { state.withLock { $0.cause } }
    var machineDetection: PBXMachineDetection? {
        state.withLock { state in state.amdStatus.flatMap { PBXMachineDetection(status: $0, cause: state.amdCause) } }
    }

    /// Records `event`; true when the attempt is decided (answered into Stasis, or destroyed).
    func handle(_ event: ARIEvent) -> Bool {
        state.withLock { state in
            switch event.type {
            case "ChannelVarset":
                if event.variable == "AMDSTATUS" { state.amdStatus = event.value }
                if event.variable == "AMDCAUSE" { state.amdCause = event.value }
                return false
            case "StasisStart":
                // Dialplan route: Stasis(app,<AMDSTATUS>,<AMDCAUSE>).
                if let args = event.args, let status = args.first, PBXMachineDetection(status: status) != nil {
                    state.amdStatus = status
                    state.amdCause = args.count > 1 ? args[1] : nil
                }
                state.answered = true
                return true
            case "ChannelDestroyed":
                let code = event.cause ?? 0
                state.cause = Q850Cause(code: code)
                return true
            case "ChannelHangupRequest":
                if let code = event.cause, state.cause == nil { state.cause = Q850Cause(code: code) }
                return false
            default:
                return false
            }
        }
    }
}
