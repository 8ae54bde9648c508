import Foundation

/// An Asterisk channel as ARI describes it (`GET /ari/channels/{id}`, events' `channel`).
/// ```swift
/// let channel = try JSONDecoder().decode(ARIChannel.self, from: data)
/// channel.state   // "Up"
/// ```
public struct ARIChannel: Codable, Sendable, Hashable {
    public struct CallerID: Codable, Sendable, Hashable {
        public var name: String?
        public var number: String?
    }

    public var id: String
    public var name: String?
    /// `Down`, `Rsrvd`, `OffHook`, `Dialing`, `Ring`, `Ringing`, `Up`, `Busy`, …
    public var state: String?
    public var caller: CallerID?
    public var connected: CallerID?
    public var channelvars: [String: String]?

    public init(id: String, name: String? = nil, state: String? = nil, caller: CallerID? = nil,
                connected: CallerID? = nil, channelvars: [String: String]? = nil) {
        self.id = id
        self.name = name
        self.state = state
        self.caller = caller
        self.connected = connected
        self.channelvars = channelvars
    }
}

/// An ARI bridge (`POST /ari/bridges`).
public struct ARIBridge: Codable, Sendable, Hashable {
    public var id: String
    public var bridge_type: String?
    public var channels: [String]?
}

/// One message of the ARI events WebSocket, as received. Only the fields MiniBotPanel uses are
/// decoded; unknown event types decode fine (``type`` tells what they are). ``ARIClient`` turns
/// it into an ``ARIChannelEvent`` for the code that acts on it.
/// ```swift
/// // {"type":"ChannelDestroyed","cause":17,"cause_txt":"User busy","channel":{…}}
/// ARIChannelEvent(event) // .channelDestroyed(channel: …, cause: USER_BUSY (17))
/// ```
public struct ARIEvent: Codable, Sendable, Hashable {
    public var type: String
    public var application: String?
    public var timestamp: String?
    public var channel: ARIChannel?
    /// StasisStart: the `appArgs` / `Stasis(app,args…)` arguments.
    public var args: [String]?
    /// ChannelDestroyed / ChannelHangupRequest: Q.850 cause.
    public var cause: Int?
    public var cause_txt: String?
    /// ChannelDtmfReceived.
    public var digit: String?
    public var duration_ms: Int?
    /// ChannelVarset.
    public var variable: String?
    public var value: String?
    /// Dial: the channel being dialled (for an originate, our channel) and how the dial ended so far
    /// (`""`, `RINGING`, `ANSWER`, `BUSY`, `CONGESTION`, `CHANUNAVAIL`, `NOANSWER`, `CANCEL`). Asterisk
    /// reports busy and congestion of a Local/dialplan endpoint only here: the originated channel's
    /// own hang-up cause stays 0.
    public var peer: ARIChannel?
    public var dialstatus: String?
    /// Dial from the dialplan (`Dial()` on a channel we watch): the calling channel.
    public var caller: ARIChannel?

    public init(type: String, application: String? = nil, timestamp: String? = nil, channel: ARIChannel? = nil,
                args: [String]? = nil, cause: Int? = nil, cause_txt: String? = nil, digit: String? = nil,
                duration_ms: Int? = nil, variable: String? = nil, value: String? = nil,
                peer: ARIChannel? = nil, dialstatus: String? = nil) {
        self.type = type
        self.application = application
        self.timestamp = timestamp
        self.channel = channel
        self.args = args
        self.cause = cause
        self.cause_txt = cause_txt
        self.digit = digit
        self.duration_ms = duration_ms
        self.variable = variable
        self.value = value
        self.peer = peer
        self.dialstatus = dialstatus
        self.caller = nil
    }

    /// The channels this event is about: `channel`, and the `peer` and `caller` of a Dial event.
    public var channelIDs: [String] {
        var ids: [String] = []
        if let id = channel?.id { ids.append(id) }
        if let id = peer?.id, !ids.contains(id) { ids.append(id) }
        if let id = caller?.id, !ids.contains(id) { ids.append(id) }
        return ids
    }
}

/// Why an ARI call failed: the HTTP status and Asterisk's `message`, or a transport problem.
public enum ARIError: Error, Sendable, Hashable, CustomStringConvertible {
    case http(status: Int, message: String, request: String)
    case invalidResponse(String)
    case invalidConfiguration(String)
    case timedOut(String)

    public var description: String {
        switch self {
        case .http(let status, let message, let request): "ARI \(request) → HTTP \(status): \(message)"
        case .invalidResponse(let reason): "ARI response unreadable: \(reason)"
        case .invalidConfiguration(let reason): "ARI configuration: \(reason)"
        case .timedOut(let what): "ARI: timed out waiting for \(what)"
        }
    }
}
