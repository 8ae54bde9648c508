import Logging
import Synchronization

/// Live transfer on an ARI call: the caller's channel leaves Stasis (`continue`) for the
/// transfer context of docs/pbx/asterisk.md, which runs `Dial(${MINIBOT_TRANSFER},
/// ${MINIBOT_TRANSFER_TIMEOUT})` and, when nobody answered, returns to Stasis with
/// `transfer-failed,${DIALSTATUS}`; the bot's externalMedia leg and bridge wait meanwhile.
///
/// Why `continue` + `Dial()` rather than originating the agent and bridging in Stasis: after
/// the transfer Asterisk owns the conversation, so nothing of ours has to outlive the call
/// (a Stasis bridge is stuck when the bot's events socket closes: measured, the caller stayed
/// alone in it after the agent hung up). The caller hears ringing, not dead air; busy, ring-out
/// and unknown agents come back to the bot, which apologises and books a callback.
/// The app stays subscribed to the channel it originated, so the `Dial` events with our channel
/// as `caller` tell the answer.
extension ARICallSession: TransferableCallSession {
    /// `Stasis()` argument of a caller the transfer context sends back.
    static let transferFailedMarker = "transfer-failed"

    public func transfer(_ request: TransferRequest) async -> TransferResult {
        if let refusal = await transferConfiguration.checkAvailability(of: request.target, client: client) {
            return refusal
        }
        let endpoint = transferConfiguration.endpoint(for: request.target)
        do {
            try await client.setChannelVariable(channelID: channelID, "MINIBOT_TRANSFER", value: endpoint)
            try await client.setChannelVariable(channelID: channelID, "MINIBOT_TRANSFER_TIMEOUT", value: "\(request.ringTimeoutSeconds)")
            // Inherited by the agent's channel: the agent's side can look the lead up by call id.
            try await client.setChannelVariable(channelID: channelID, "__MINIBOT_CALL_ID", value: callID.uuidString.lowercased())
        } catch {
            return .failed("could not set the transfer variables: \(error)")
        }
        let watch = TransferWatch(channelID: channelID)
        let (decisions, continuation) = AsyncStream.makeStream(of: TransferWatch.Decision.self)
        endingLocally.withLock { $0 = true }
        client.observe(channel: channelID) { event in
            if let decision = watch.handle(event) { continuation.yield(decision) }
        }
        do {
            try await client.continueInDialplan(channelID: channelID, context: transferConfiguration.context, extension: "s")
        } catch {
            continuation.finish()
            resumeObservingCaller()
            return .failed("continue into \(transferConfiguration.context) refused: \(error)")
        }
        let deadline = Duration.seconds(request.ringTimeoutSeconds) + transferConfiguration.eventTimeoutMargin
        let decision = await decisions.first(within: deadline)
        continuation.finish()
        switch decision {
        case .answered?:
            await handOver()
            logger.info("caller connected to the agent", metadata: ["call_id": "\(channelID)", "agent": "\(endpoint)"])
            return .connected
        case .returned(let status)?:
            do {
                try await client.addChannels([channelID], toBridge: bridgeID)
            } catch {
                logger.error("caller back from the transfer could not rejoin the bot", metadata: ["call_id": "\(channelID)", "error": "\(error)"])
            }
            resumeObservingCaller()
            logger.info("agent not reached", metadata: ["call_id": "\(channelID)", "agent": "\(endpoint)", "dialstatus": "\(status)"])
            switch status {
            case .busy: return .busy
            case .noAnswer, .cancel: return .noAnswer
            case .empty: return .unavailable("DIALSTATUS empty")
            default: return .unavailable("DIALSTATUS \(status)")
            }
        case .callerGone?:
            resumeObservingCaller()
            await callerLeftDuringTransfer()
            return .failed("the caller hung up while the agent was rung")
        case nil:
            resumeObservingCaller()
            return .failed("no answer nor return from \(transferConfiguration.context) within \(deadline)")
        }
    }

    /// The agent answered: Asterisk bridges the two; free the bot's media leg and bridge, never the caller.
    private func handOver() async {
        cleaned.withLock { $0 = true }
        client.stopObserving(channel: channelID)
        try? await client.hangup(channelID: mediaChannelID)
        try? await client.deleteBridge(bridgeID)
        await media.hangup()
        onEnd()
    }

    private func resumeObservingCaller() {
        endingLocally.withLock { $0 = false }
        let progress = progress
        client.observe(channel: channelID) { event in _ = progress.handle(event) }
    }

    private func callerLeftDuringTransfer() async {
        calleeGone.set()
        await media.hangup()
        try? await client.hangup(channelID: mediaChannelID)
        try? await client.deleteBridge(bridgeID)
    }
}

/// Reads the caller's events while it is in the transfer context.
final class TransferWatch: Sendable {
    enum Decision: Sendable, Equatable {
        case answered
        /// Back in Stasis with the `DIALSTATUS`.
        case returned(AsteriskDialStatus)
        case callerGone
    }

    private let channelID: String
    private let decided = Mutex(false)

    init(channelID: String) {
        self.channelID = channelID
    }

    func handle(_ event: ARIChannelEvent) -> Decision? {
        let decision: Decision?
        switch event {
        case .dial(let caller, _, .answer) where caller?.id == channelID:
            decision = .answered
        case .stasisStart(let channel, let args) where channel.id == channelID && args.first == ARICallSession.transferFailedMarker:
            decision = .returned(AsteriskDialStatus(args.count > 1 ? args[1] : ""))
        case .channelHangupRequest(let channel, _) where channel.id == channelID,
             .channelDestroyed(let channel, _) where channel.id == channelID:
            decision = .callerGone
        default:
            decision = nil
        }
        guard let decision else { return nil }
        return decided.withLock { done in
            defer { done = true }
            return done ? nil : decision
        }
    }
}
