import struct Foundation.UUID
import NIOCore

/// ``CallSession`` over one AudioSocket connection.
///
/// Inbound events come straight from the connection's `NIOAsyncChannel` inbound stream, so
/// socket back-pressure reaches the runner; commands hop onto the connection's event loop where
/// ``AudioSocketCallHandler`` owns the outbound queue. Nothing here blocks another call.
/// ```swift
/// let dropped = await session.stop()   // barge-in
/// ```
public struct AudioSocketCallSession: CallSession {
    public let callID: UUID
    public let metadata: CallMetadata
    public let events: CallEventStream
    private let handler: NIOLoopBound<AudioSocketCallHandler>

    init(callID: UUID, metadata: CallMetadata, inbound: NIOAsyncChannelInboundStream<CallEvent>,
         handler: NIOLoopBound<AudioSocketCallHandler>) {
        self.callID = callID
        self.metadata = metadata
        self.handler = handler
        let iterator = UncheckedIteratorBox(inbound.makeAsyncIterator())
        let ended = EndFlag()
        self.events = CallEventStream {
            guard !ended.value else { return nil }
            let event = await iterator.next()
            if case .hangup = event { ended.value = true }
            return event
        }
    }

    public func play(_ prompt: Prompt) async {
        let handler = handler
        _ = try? await handler.eventLoop.submit { handler.value.enqueue(prompt) }.get()
    }

    @discardableResult
    public func stop() async -> Int {
        let handler = handler
        return (try? await handler.eventLoop.submit { handler.value.stopPlayback() }.get()) ?? 0
    }

    public func hangup() async {
        let handler = handler
        _ = try? await handler.eventLoop.submit { handler.value.hangUpLocally() }.get()
    }
}

/// Set once the stream has delivered `.hangup`; read and written only by the single consumer.
private final class EndFlag: @unchecked Sendable {
    var value = false
}
