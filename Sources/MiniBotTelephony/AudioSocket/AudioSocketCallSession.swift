import struct Foundation.UUID
import NIOCore

/// ``CallSession`` over one AudioSocket connection.
///
/// Inbound events are pushed on the connection's event loop: straight into the runner
/// (``deliverEvents(to:)``: no queue and no task switch per caller frame), or, for a reader of
/// ``events``, into a ``BoundedCallEvents`` queue that keeps at most 5 s of caller audio. Commands
/// hop onto the connection's event loop where ``AudioSocketCallHandler`` owns the outbound queue.
/// Nothing here blocks another call.
/// ```swift
/// let dropped = await session.stop()   // barge-in
/// ```
public struct AudioSocketCallSession: CallSession {
    public let callID: UUID
    public let metadata: CallMetadata
    public let events: CallEventStream
    private let handler: NIOLoopBound<AudioSocketCallHandler>

    /// Caller audio a reader of ``events`` may leave unread before the oldest frames are dropped.
    static let maximumUnreadAudioFrames = 250

    init(callID: UUID, metadata: CallMetadata, handler: NIOLoopBound<AudioSocketCallHandler>) {
        self.callID = callID
        self.metadata = metadata
        self.handler = handler
        let reader = PullReader()
        self.events = CallEventStream {
            if reader.iterator == nil {
                let (stream, buffer) = BoundedCallEvents.makeStream(maximumAudioFrames: Self.maximumUnreadAudioFrames)
                let attached = (try? await handler.eventLoop.submit {
                    handler.value.attach { event in
                        buffer.yield(event)
                        if case .hangup = event { buffer.finish() }
                    }
                }.get()) ?? false
                if !attached { buffer.finish() }
                reader.iterator = stream.makeAsyncIterator()
            }
            return await reader.iterator?.next()
        }
    }

    public func deliverEvents(to sink: @escaping @Sendable (CallEvent) -> Void) async -> Bool {
        let handler = handler
        return (try? await handler.eventLoop.submit { handler.value.attach(sink) }.get()) ?? false
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

/// The ``AudioSocketCallSession/events`` reader's iterator, created on its first pull; used only
/// by that single consumer.
private final class PullReader: @unchecked Sendable {
    var iterator: CallEventStream.AsyncIterator?
}
