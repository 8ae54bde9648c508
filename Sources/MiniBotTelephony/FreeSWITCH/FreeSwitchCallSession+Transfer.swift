import Synchronization

/// Where a FreeSWITCH transfer goes.
///
/// A target with a `/` is a dial string already (`user/1000`, `sofia/gateway/pbx/2000`); a logical
/// name (`technicien`) goes through ``dialStringTemplate``.
/// ```swift
/// FreeSwitchTransferConfiguration(dialStringTemplate: "loopback/{target}/agents").dialString(for: "technicien")
/// // "loopback/technicien/agents"
/// ```
public struct FreeSwitchTransferConfiguration: Sendable, Hashable {
    /// `{target}` is replaced by the target (`FREESWITCH_TRANSFER_DIAL_STRING`).
    public var dialStringTemplate: String
    /// Context of the transfer extension (`FREESWITCH_TRANSFER_CONTEXT`, docs/pbx/freeswitch.md).
    public var context: String
    /// Extra wait beyond the ring timeout for FreeSWITCH's events.
    public var eventTimeoutMargin: Duration

    public init(dialStringTemplate: String = "user/{target}", context: String = "minibot-transfer",
                eventTimeoutMargin: Duration = .seconds(5)) {
        self.dialStringTemplate = dialStringTemplate
        self.context = context
        self.eventTimeoutMargin = eventTimeoutMargin
    }

    public func dialString(for target: String) -> String {
        target.contains("/") ? target : dialStringTemplate.replacingOccurrences(of: "{target}", with: target)
    }
}

/// Live transfer on FreeSWITCH: `uuid_setvar` the agent's dial string and ring time on the
/// caller, then `uuid_transfer <uuid> <target> XML minibot-transfer`; that extension (docs/pbx/
/// freeswitch.md) runs `bridge ${minibot_transfer}` with `continue_on_fail` and `park`s the
/// caller again when nobody answered.
///
/// The audio stream is stopped once the agent answers (`CHANNEL_BRIDGE`), not before: mod_audio_stream's
/// media bug survives the transfer, so a caller whose agent is busy or rings out
/// (`CHANNEL_EXECUTE_COMPLETE` of `bridge` with `originate_disposition`) is back with the bot,
/// which apologises and books a callback, without a second stream to set up. After the answer
/// FreeSWITCH owns the call (`hangup_after_bridge`): the session ends without `uuid_kill`.
extension FreeSwitchCallSession: TransferableCallSession {
    public func transfer(_ request: TransferRequest) async -> TransferResult {
        if state.withLock({ $0.ended }) { return .failed("the call already ended") }
        let dialString = transferConfiguration.dialString(for: request.target)
        do {
            try [dialString, request.target, transferConfiguration.context].forEach(FreeSwitchArgument.check)
        } catch {
            return .unavailable("\(error)")
        }
        let decisions = transferWatch.arm()
        do {
            try await client.api("uuid_setvar \(uuid) minibot_transfer \(dialString)")
            try await client.api("uuid_setvar \(uuid) minibot_transfer_timeout \(max(1, request.ringTimeoutSeconds))")
            try await client.api("uuid_transfer \(uuid) \(request.target) XML \(transferConfiguration.context)")
        } catch {
            transferWatch.disarm()
            return .failed("\(error)")
        }
        let deadline = Duration.seconds(request.ringTimeoutSeconds) + transferConfiguration.eventTimeoutMargin
        let decision = await decisions.first(within: deadline)
        transferWatch.disarm()
        switch decision {
        case .answered?:
            state.withLock { $0.localHangupRequested = true }
            do {
                try await client.api("uuid_audio_stream \(uuid) stop")
            } catch {
                logger.debug("uuid_audio_stream stop failed", metadata: ["call_id": "\(uuid)", "error": "\(error)"])
            }
            finish(.localHangup)
            logger.info("caller bridged with the agent", metadata: ["call_id": "\(uuid)", "agent": "\(dialString)"])
            return .connected
        case .notBridged(let disposition)?:
            logger.info("agent not reached", metadata: ["call_id": "\(uuid)", "agent": "\(dialString)", "disposition": "\(disposition)"])
            switch disposition.uppercased() {
            case "USER_BUSY": return .busy
            case "NO_ANSWER", "NO_USER_RESPONSE", "ORIGINATOR_CANCEL", "ALLOTTED_TIMEOUT": return .noAnswer
            default: return .unavailable(disposition.isEmpty ? "bridge failed" : disposition)
            }
        case .callerGone?:
            return .failed("the caller hung up while the agent was rung")
        case nil:
            return .failed("no bridge result from \(transferConfiguration.context) within \(deadline)")
        }
    }
}

/// The caller's events while a transfer rings the agent: the bridge (answered), the end of the
/// `bridge` application (not answered) or the caller's hang-up.
final class FreeSwitchTransferWatch: Sendable {
    enum Decision: Sendable, Equatable {
        case answered
        case notBridged(String)
        case callerGone
    }

    private let continuation = Mutex<AsyncStream<Decision>.Continuation?>(nil)

    func arm() -> AsyncStream<Decision> {
        let (stream, continuation) = AsyncStream.makeStream(of: Decision.self)
        self.continuation.withLock { $0 = continuation }
        return stream
    }

    func disarm() {
        continuation.withLock { $0 }?.finish()
        continuation.withLock { $0 = nil }
    }

    func handle(_ event: ESLChannelEvent) {
        guard let continuation = continuation.withLock({ $0 }) else { return }
        switch event {
        case .bridged:
            continuation.yield(.answered)
        case .executeComplete(.bridge(let disposition)):
            continuation.yield(.notBridged(disposition))
        case .hangup:
            continuation.yield(.callerGone)
        default:
            break
        }
    }
}
