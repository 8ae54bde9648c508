import struct Foundation.UUID

/// The PBX-neutral face of one live call: what a call runner sees, whatever the PBX.
///
/// AudioSocket produces these today; the FreeSWITCH audio-stream and ARI connectors will
/// produce them too. A runner consumes ``events`` in its own task and calls ``play(_:)`` /
/// ``stop()`` / ``hangup()`` from anywhere: every method only hands work to the connection's
/// event loop, so one slow runner never blocks another call, and outbound pacing keeps going
/// while the runner thinks.
///
/// ```swift
/// await server.run { session in
///     await session.play(Prompt(id: "welcome", samples: welcomeSamples))
///     for await event in session.events {
///         switch event {
///         case .audio(let samples, _): vad.feed(samples)
///         case .dtmf(let digit): print("DTMF", digit)
///         case .playbackFinished(let report): print(report.promptID, report.interrupted)
///         case .hangup: return
///         }
///     }
/// }
/// ```
public protocol CallSession: Sendable {
    /// The PBX's call identifier (AudioSocket: the UUID sent first on the socket).
    var callID: UUID { get }
    /// What the connector knows about the call (remote address, transport, …).
    var metadata: CallMetadata { get }
    /// Inbound events in arrival order. Single consumer; ends after `.hangup`.
    /// Back-pressure: a runner that stops reading makes the connector stop reading the socket.
    var events: CallEventStream { get }
    /// Queues a prompt behind anything already queued; returns once queued (not once played —
    /// watch for ``CallEvent/playbackFinished(_:)``).
    func play(_ prompt: Prompt) async
    /// Barge-in: drops every queued outbound frame at once (at most the frame already on the
    /// wire still reaches the caller) and returns how many frames were dropped.
    @discardableResult func stop() async -> Int
    /// Ends the call from the bot side; `events` then finishes with `.hangup(.localHangup)`.
    func hangup() async
    /// Push delivery, instead of ``events``: the connector calls `sink` with every inbound event,
    /// in order, one at a time, on its own thread (AudioSocket: the connection's event loop), the
    /// last one being `.hangup`. Returns `false` when the connector cannot push (the default), or
    /// when ``events`` is already being read; then read ``events``.
    ///
    /// Why: a caller frame needs about a microsecond of work; handing it through an async stream
    /// to another task costs several times that. `sink` must be quick and must not block: a slow
    /// sink holds back the connection's reads (back-pressure) and every call on that thread.
    func deliverEvents(to sink: @escaping @Sendable (CallEvent) -> Void) async -> Bool
}

extension CallSession {
    public func deliverEvents(to sink: @escaping @Sendable (CallEvent) -> Void) async -> Bool { false }
}

/// Descriptive facts about a call, for logs and records.
public struct CallMetadata: Sendable, Hashable {
    /// Which connector produced the session, e.g. `"audiosocket"`.
    public var transport: String
    /// The peer's address as text (`"127.0.0.1:53122"`), when known.
    public var remoteAddress: String?
    /// Free-form connector facts (caller id from ARI, channel variables, …).
    public var attributes: [String: String]

    public init(transport: String, remoteAddress: String? = nil, attributes: [String: String] = [:]) {
        self.transport = transport
        self.remoteAddress = remoteAddress
        self.attributes = attributes
    }
}

/// Something that happened on the call, delivered in order on ``CallSession/events``.
public enum CallEvent: Sendable, Hashable {
    /// One inbound audio frame (usually 20 ms) of 16-bit mono PCM at `sampleRate` Hz.
    case audio([Int16], sampleRate: Int)
    /// A DTMF digit reported by the PBX.
    case dtmf(Character)
    /// A queued prompt ended: fully played, or cut by ``CallSession/stop()`` / hangup.
    case playbackFinished(PlaybackReport)
    /// The call is over; no event follows.
    case hangup(CallEndReason)
}

/// How a prompt's playback ended.
public struct PlaybackReport: Sendable, Hashable {
    public var promptID: String
    /// Frames actually written to the PBX.
    public var framesPlayed: Int
    /// `true` when ``CallSession/stop()`` or a hangup dropped part of the prompt.
    public var interrupted: Bool

    public init(promptID: String, framesPlayed: Int, interrupted: Bool) {
        self.promptID = promptID
        self.framesPlayed = framesPlayed
        self.interrupted = interrupted
    }
}

/// Why a call ended, as seen by the connector.
public enum CallEndReason: Sendable, Hashable {
    /// The PBX sent hangup (or Asterisk's error `0x01`, "caller hung up").
    case remoteHangup
    /// The bot called ``CallSession/hangup()``.
    case localHangup
    /// The PBX reported an error (AudioSocket `0xff` with this code).
    case remoteError(code: UInt8?)
    /// The peer broke the protocol; the error says how (also logged with the call id).
    case protocolError(CallProtocolError)
    /// The socket closed without a hangup message.
    case connectionClosed
}
