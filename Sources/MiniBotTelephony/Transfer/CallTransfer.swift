import struct Foundation.UUID

/// What the bot asks of the line when the dialogue hands the caller to a person.
///
/// `target` is the scenario's `transfer_to` (or the campaign's default): a logical agent name
/// (`technicien`) that each line turns into its own address (an ARI endpoint, a FreeSWITCH
/// extension), or already such an address (`PJSIP/100`, `Local/100@agents`, `1000@default`).
/// ```swift
/// let result = await session.transfer(TransferRequest(target: "technicien", ringTimeoutSeconds: 20))
/// if result == .connected { /* the caller is with the agent: the bot is out of the call */ }
/// ```
public struct TransferRequest: Sendable, Hashable {
    public var target: String
    /// How long the agent's phone may ring before the bot takes the caller back.
    public var ringTimeoutSeconds: Int

    public init(target: String, ringTimeoutSeconds: Int = 20) {
        self.target = target
        self.ringTimeoutSeconds = ringTimeoutSeconds
    }
}

/// How a transfer attempt ended. Anything but ``connected`` leaves the caller with the bot,
/// which then says nobody is available and books a callback.
public enum TransferResult: Sendable, Hashable {
    /// The caller is connected to the agent (or handed to the PBX that rings the agent: AudioSocket
    /// inbound and `uuid_transfer`, where the ringing is the dialplan's business).
    case connected
    /// The agent is on another call (device state in use, `USER_BUSY`).
    case busy
    /// The agent's phone rang out (ring timeout, `NO_ANSWER`).
    case noAnswer
    /// Nobody can take the call: not registered, unknown target, outside the agents' hours.
    case unavailable(String)
    /// The line could not perform the transfer (PBX error, caller gone meanwhile).
    case failed(String)

    public var isConnected: Bool { self == .connected }

    /// One phrase for logs and the call record.
    public var reason: String {
        switch self {
        case .connected: "connected"
        case .busy: "agent busy"
        case .noAnswer: "agent did not answer"
        case .unavailable(let why): "agent unavailable (\(why))"
        case .failed(let why): "transfer failed (\(why))"
        }
    }
}

/// A ``CallSession`` whose line can hand the caller to an agent itself (ARI, FreeSWITCH).
///
/// After ``transfer(_:)`` returns ``TransferResult/connected`` the bot is out of the call: the
/// session's events end and a later ``CallSession/hangup()`` must not touch the caller.
public protocol TransferableCallSession: CallSession {
    func transfer(_ request: TransferRequest) async -> TransferResult
}

/// Transfers for sessions that cannot do it on their own line (AudioSocket: the socket carries
/// audio only), looked up by call id: the simulated agents of a dry run, or Asterisk's dialplan
/// told through ARI (``AsteriskDialplanTransferDesk``).
public protocol CallTransferDesk: Sendable {
    func transfer(callID: UUID, request: TransferRequest) async -> TransferResult
}
