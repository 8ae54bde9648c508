/// An ARI event decoded once, by ``ARIClient``, into what MiniBotPanel acts on. Channel
/// observers (``ARIClient/observe(channel:_:)``) receive these: the dialer, the dial progress and
/// the sessions switch over cases and never compare `type` strings.
///
/// | `type` | case |
/// | --- | --- |
/// | `StasisStart` | ``stasisStart(channel:args:)`` (`args`: the `Stasis()` / `appArgs` arguments, `[]` if none) |
/// | `StasisEnd` | ``stasisEnd(channel:)`` |
/// | `ChannelDestroyed` | ``channelDestroyed(channel:cause:)`` |
/// | `ChannelHangupRequest` | ``channelHangupRequest(channel:cause:)`` |
/// | `ChannelStateChange` | ``channelStateChange(channel:)`` |
/// | `ChannelVarset` | ``channelVarset(channel:variable:value:)`` (`channel` nil for a global) |
/// | `ChannelDtmfReceived` | ``dtmf(channel:digit:durationMs:)`` |
/// | `Dial` | ``dial(caller:peer:status:)`` |
///
/// Any other type, and an event without the field its case needs (a `StasisStart` without its
/// `channel`, a `Dial` without `peer`), is ``other(type:)``: nothing acts on it.
/// ```swift
/// // {"type":"ChannelDestroyed","cause":17,"cause_txt":"User busy","channel":{"id":"c1"}}
/// ARIChannelEvent(event) // .channelDestroyed(channel: c1, cause: USER_BUSY (17))
/// ```
public enum ARIChannelEvent: Sendable, Hashable {
    case stasisStart(channel: ARIChannel, args: [String])
    case stasisEnd(channel: ARIChannel)
    /// `cause`: the Q.850 number Asterisk gives (0 on a Local/dialplan endpoint), nil if absent.
    case channelDestroyed(channel: ARIChannel, cause: Q850Cause?)
    case channelHangupRequest(channel: ARIChannel, cause: Q850Cause?)
    case channelStateChange(channel: ARIChannel)
    case channelVarset(channel: ARIChannel?, variable: String, value: String)
    case dtmf(channel: ARIChannel, digit: Character, durationMs: Int?)
    /// `caller`: the dialling channel when `Dial()` ran in the dialplan; `peer`: the channel
    /// dialled (our originated channel for an originate). `status`: the `dialstatus`
    /// (``AsteriskDialStatus/empty`` when empty or absent).
    case dial(caller: ARIChannel?, peer: ARIChannel, status: AsteriskDialStatus)
    case other(type: String)
}

extension ARIChannelEvent {
    /// The cause of a hang-up request or a destroyed channel; nil for the other events.
    public var cause: Q850Cause? {
        switch self {
        case .channelDestroyed(_, let cause), .channelHangupRequest(_, let cause): cause
        default: nil
        }
    }

    /// Decodes `event` (see the table on the type).
    public init(_ event: ARIEvent) {
        let cause = event.cause.map { Q850Cause(code: $0) }
        switch (event.type, event.channel) {
        case ("StasisStart", let channel?):
            self = .stasisStart(channel: channel, args: event.args ?? [])
        case ("StasisEnd", let channel?):
            self = .stasisEnd(channel: channel)
        case ("ChannelDestroyed", let channel?):
            self = .channelDestroyed(channel: channel, cause: cause)
        case ("ChannelHangupRequest", let channel?):
            self = .channelHangupRequest(channel: channel, cause: cause)
        case ("ChannelStateChange", let channel?):
            self = .channelStateChange(channel: channel)
        case ("ChannelVarset", let channel):
            guard let variable = event.variable else { self = .other(type: event.type); return }
            self = .channelVarset(channel: channel, variable: variable, value: event.value ?? "")
        case ("ChannelDtmfReceived", let channel?):
            guard let digit = event.digit?.first else { self = .other(type: event.type); return }
            self = .dtmf(channel: channel, digit: digit, durationMs: event.duration_ms)
        case ("Dial", _):
            guard let peer = event.peer else { self = .other(type: event.type); return }
            self = .dial(caller: event.caller, peer: peer, status: AsteriskDialStatus(event.dialstatus ?? ""))
        default:
            self = .other(type: event.type)
        }
    }
}
