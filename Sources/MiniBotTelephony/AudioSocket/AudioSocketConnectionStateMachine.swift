import struct Foundation.UUID

/// Protocol-order rules of one AudioSocket connection, with no I/O: the UUID comes first and
/// exactly once, audio and DTMF only after it, nothing after the end.
///
/// PostgresNIO-style: the channel handler feeds each decoded message to ``receive(_:)`` and
/// executes the returned ``Action``.
/// ```swift
/// var machine = AudioSocketConnectionStateMachine()
/// machine.receive(.uuid(id))        // .startCall(id)
/// machine.receive(.dtmf("5"))       // .deliver(.dtmf("5"))
/// machine.receive(.hangup)          // .endCall(.remoteHangup)
/// ```
public struct AudioSocketConnectionStateMachine: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case awaitingUUID
        case active(UUID)
        case ended
    }

    public enum Action: Sendable, Hashable {
        /// The call is identified; start the session (and outbound pacing).
        case startCall(UUID)
        /// Hand this event to the session's consumer.
        case deliver(CallEvent)
        /// The call is over for this reason: deliver `.hangup(reason)` and close the socket.
        case endCall(CallEndReason)
        /// Nothing to do (messages after the end).
        case ignore
    }

    public private(set) var state: State = .awaitingUUID

    public init() {}

    public mutating func receive(_ message: AudioSocketMessage) -> Action {
        switch (state, message) {
        case (.awaitingUUID, .uuid(let id)):
            state = .active(id)
            return .startCall(id)
        case (.awaitingUUID, .hangup):
            state = .ended
            return .endCall(.remoteHangup)
        case (.awaitingUUID, .error(let code)):
            state = .ended
            return .endCall(.remoteError(code: code))
        case (.awaitingUUID, .audio), (.awaitingUUID, .dtmf):
            state = .ended
            return .endCall(.protocolError(.kindBeforeUUID(kind: message.kind)))
        case (.active, .uuid(let id)):
            state = .ended
            return .endCall(.protocolError(.secondUUID(id)))
        case (.active, .audio(let rate, _)):
            return .deliver(.audio(message.samples ?? [], sampleRate: rate.hertz))
        case (.active, .dtmf(let digit)):
            return .deliver(.dtmf(digit))
        case (.active, .hangup):
            state = .ended
            return .endCall(.remoteHangup)
        case (.active, .error(let code)):
            state = .ended
            // Asterisk's bit 0x01 means "hangup of calling party": an ordinary end of call.
            if let code, code & 0x01 != 0 { return .endCall(.remoteHangup) }
            return .endCall(.remoteError(code: code))
        case (.ended, _):
            return .ignore
        }
    }

    /// The socket closed or broke; returns the reason to report, or `nil` if already ended.
    /// `error` (what the channel caught) becomes a typed ``CallProtocolError``.
    public mutating func connectionClosed(error: (any Error)? = nil) -> CallEndReason? {
        guard state != .ended else { return nil }
        state = .ended
        if let error { return .protocolError(CallProtocolError(closing: error)) }
        return .connectionClosed
    }

    /// The bot hangs up; returns `true` if the call was live (a hangup message must be sent).
    public mutating func localHangup() -> Bool {
        guard state != .ended else { return false }
        state = .ended
        return true
    }
}
