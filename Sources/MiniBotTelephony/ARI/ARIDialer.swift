import struct Foundation.UUID
import Logging
import Synchronization

/// ``PBXDialer`` for Asterisk through ARI.
///
/// Always originates with `POST /ari/channels?app=…`: that is what subscribes our application to
/// the channel, so busy, congestion, unallocated and no-answer events reach us (an originate
/// into a dialplan `context` without `app` leaves the app blind: every failure then looked like a
/// ring timeout). When the request asks for answering-machine detection and
/// ``Configuration/machineDetectionContext`` is set, the answered channel arrives in Stasis with
/// `appArgs=amd` and is sent on with `continue` into that context (`AMD()` then
/// `Stasis(${MINIBOT_APP},${AMDSTATUS},${AMDCAUSE})`); the originate's subscription stays, so
/// `ChannelVarset AMDSTATUS` and a hang-up during AMD are seen too.
///
/// The outcome comes from the events: the final `StasisStart` = answered; otherwise the `Dial`
/// event's `dialstatus` (Asterisk reports BUSY/CONGESTION of a Local or dialplan endpoint only
/// there, with the channel's own cause left at 0) and `ChannelDestroyed`'s Q.850 `cause`. On
/// answer, an `externalMedia` channel (AudioSocket encapsulation, `data` = call UUID) connects back
/// to our ``AudioSocketServer``; once it is in Stasis (its `StasisStart`; adding it earlier gets
/// `422 Channel not in Stasis application`) it is bridged with the callee. The session is that
/// AudioSocket connection, claimed from the ``AudioSocketSessionRouter``, and it ends when the
/// callee's channel leaves (``ARICallSession``).
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
        /// Extra wait beyond the ring timeout before giving up on events (covers AMD's analysis time).
        public var eventTimeoutMargin: Duration
        public var mediaTimeout: Duration
        /// Where live transfers of these calls go (``ARICallSession/transfer(_:)``).
        public var transfer = ARITransferConfiguration()

        public init(endpointTemplate: String, audioSocketAddress: String, machineDetectionContext: String? = nil,
                    eventTimeoutMargin: Duration = .seconds(15), mediaTimeout: Duration = .seconds(5)) {
            self.endpointTemplate = endpointTemplate
            self.audioSocketAddress = audioSocketAddress
            self.machineDetectionContext = machineDetectionContext
            self.eventTimeoutMargin = eventTimeoutMargin
            self.mediaTimeout = mediaTimeout
        }
    }

    /// `appArgs` of an originate whose answer goes on to the AMD context.
    static let machineDetectionMarker = "amd"

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
        let amdContext = request.detectsAnsweringMachine ? configuration.machineDetectionContext : nil
        let progress = DialProgress(expectsMachineDetection: amdContext != nil)
        let (decisions, continuation) = AsyncStream.makeStream(of: DialProgress.Decision.self)
        client.observe(channel: id) { event in
            if let decision = progress.handle(event) { continuation.yield(decision) }
        }
        do {
            var variables = request.variables
            variables["MINIBOT_APP"] = client.configuration.application
            _ = try await client.originate(endpoint: endpoint, channelID: id, callerID: request.callerID,
                                           timeoutSeconds: request.ringTimeoutSeconds,
                                           appArgs: amdContext != nil ? Self.machineDetectionMarker : "dialed",
                                           variables: variables)
        } catch ARIError.http(let status, let message, _) {
            client.stopObserving(channel: id)
            logger.info("ARI originate refused", metadata: ["call_id": "\(id)", "status": "\(status)", "message": "\(message)"])
            // 400: Asterisk could not use the endpoint (bad number/trunk); 5xx: channel allocation failed.
            let outcome: DialOutcome = status == 400 ? .invalidNumber(Q850Cause(code: 28)) : .congestion(Q850Cause(code: 44))
            return DialAttempt(callID: request.callID, outcome: outcome)
        }
        let deadline = Duration.seconds(request.ringTimeoutSeconds) + configuration.eventTimeoutMargin
        let ari = client
        let exten = request.number
        let decision = await withTaskGroup(of: DialProgress.Decision?.self) { group -> DialProgress.Decision? in
            group.addTask {
                for await decision in decisions {
                    guard case .enterMachineDetection = decision, let amdContext else { return decision }
                    do {
                        try await ari.continueInDialplan(channelID: id, context: amdContext, extension: exten)
                    } catch {
                        return .failedToContinue("\(error)")
                    }
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
        switch decision {
        case .answered:
            return try await connectMedia(request: request, channelID: id, progress: progress)
        case .ended:
            client.stopObserving(channel: id)
            let cause = progress.unansweredCause
            logger.debug("ARI dial ended unanswered", metadata: ["call_id": "\(id)", "cause": "\(cause)"])
            return DialAttempt(callID: request.callID, outcome: DialOutcome(unansweredCause: cause))
        case .failedToContinue(let why):
            logger.error("ARI continue into the AMD context failed; hanging up",
                         metadata: ["call_id": "\(id)", "context": "\(amdContext ?? "")", "error": "\(why)"])
            client.stopObserving(channel: id)
            try? await client.hangup(channelID: id)
            throw ARIError.invalidConfiguration("continue into \(amdContext ?? "") failed: \(why)")
        case .enterMachineDetection, nil:
            client.stopObserving(channel: id)
            try? await client.hangup(channelID: id)
            return DialAttempt(callID: request.callID, outcome: DialOutcome(unansweredCause: progress.cause ?? Q850Cause(code: 19)))
        }
    }

    private func connectMedia(request: DialRequest, channelID: String, progress: DialProgress) async throws -> DialAttempt {
        let mediaID = "media-\(channelID)"
        let bridgeID = "bridge-\(channelID)"
        let mediaInStasis = StasisEntry()
        client.observe(channel: mediaID) { event in
            switch event {
            case .stasisStart: mediaInStasis.signal(true)
            case .channelDestroyed, .stasisEnd: mediaInStasis.signal(false)
            default: break
            }
        }
        do {
            _ = try await client.createBridge(id: bridgeID)
            _ = try await client.externalMedia(channelID: mediaID, externalHost: configuration.audioSocketAddress,
                                               data: request.callID.uuidString.lowercased())
            guard try await mediaInStasis.wait(timeout: configuration.mediaTimeout) else {
                throw ARIError.timedOut("StasisStart of the externalMedia channel \(mediaID)")
            }
            client.stopObserving(channel: mediaID)
            try await client.addChannels([channelID, mediaID], toBridge: bridgeID)
            let media = try await router.claim(request.callID, timeout: configuration.mediaTimeout)
            let router = router
            let session = ARICallSession(media: media, client: client, channelID: channelID, mediaChannelID: mediaID,
                                         bridgeID: bridgeID, attributes: ["number": request.number], progress: progress,
                                         logger: logger, transferConfiguration: configuration.transfer,
                                         onEnd: { router.release(request.callID) })
            return DialAttempt(callID: request.callID, outcome: .answered, session: session,
                               machineDetection: progress.machineDetection)
        } catch {
            logger.error("ARI media setup failed; hanging up", metadata: ["call_id": "\(channelID)", "error": "\(error)"])
            client.stopObserving(channel: channelID)
            client.stopObserving(channel: mediaID)
            try? await client.hangup(channelID: channelID)
            try? await client.hangup(channelID: mediaID)
            try? await client.deleteBridge(bridgeID)
            router.release(request.callID)
            throw error
        }
    }
}

/// A one-shot signal: did the externalMedia channel enter Stasis (true) or die first (false)?
final class StasisEntry: Sendable {
    private struct State {
        var value: Bool?
        var waiter: CheckedContinuation<Bool, Never>?
    }
    private let state = Mutex(State())

    func signal(_ value: Bool) {
        let waiter = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    /// The signalled value, or false after `timeout`.
    func wait(timeout: Duration) async throws -> Bool {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                    let ready = self.state.withLock { state -> Bool? in
                        if let value = state.value { return value }
                        state.waiter = continuation
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                self.signal(false)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}
