import Synchronization

/// A single-consumer queue of call events with a bound on waiting audio, for connectors that
/// push (a socket's event loop) while their reader pulls ``CallEventStream``.
///
/// Why not `AsyncStream`: unbounded, a stalled reader would keep every caller frame in memory;
/// bounded by count, it would drop whatever comes last, hang-up included. Here only audio is
/// dropped, oldest first, and counted, so the caller's DTMF, the playback reports and the
/// hang-up always arrive.
/// ```swift
/// let (events, producer) = BoundedCallEvents.makeStream(maximumAudioFrames: 250)
/// producer.yield(.audio(frame, sampleRate: 8_000))   // on the socket's thread
/// for await event in events { … }                      // in the call's task
/// ```
public final class BoundedCallEvents: Sendable {
    public let maximumAudioFrames: Int
    private let state: Mutex<State>

    struct State {
        /// Waiting events are `queue[head...]`; the consumed prefix is trimmed when it gets long.
        var queue: [CallEvent] = []
        var head = 0
        var audioFrames = 0
        var dropped = 0
        var finished = false
        var cancelled = false
        var waiter: CheckedContinuation<CallEvent?, Never>?

        mutating func popFirst() -> CallEvent? {
            guard head < queue.count else { return nil }
            let event = queue[head]
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= queue.count {
                queue.removeFirst(head)
                head = 0
            }
            if case .audio = event { audioFrames -= 1 }
            return event
        }

        mutating func dropOldestAudio() -> Bool {
            guard queue.removeOldestAudio(from: head) else { return false }
            audioFrames -= 1
            dropped += 1
            return true
        }
    }

    private init(maximumAudioFrames: Int) {
        self.maximumAudioFrames = max(1, maximumAudioFrames)
        state = Mutex(State())
    }

    /// The reader's stream and the producer's handle.
    public static func makeStream(maximumAudioFrames: Int) -> (CallEventStream, BoundedCallEvents) {
        let buffer = BoundedCallEvents(maximumAudioFrames: maximumAudioFrames)
        return (CallEventStream(next: { await buffer.next() }), buffer)
    }

    /// Caller frames dropped so far because the reader lagged.
    public var droppedAudioFrames: Int { state.withLock { $0.dropped } }

    /// Adds `event`; returns `false` when an older audio frame had to be dropped for it.
    @discardableResult
    public func yield(_ event: CallEvent) -> Bool {
        var kept = true
        let waiter = state.withLock { state -> CheckedContinuation<CallEvent?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if case .audio = event {
                if state.audioFrames >= maximumAudioFrames, state.dropOldestAudio() { kept = false }
                state.audioFrames += 1
            }
            state.queue.append(event)
            return nil
        }
        waiter?.resume(returning: event)
        return kept
    }

    /// No event follows; the reader gets what is queued, then `nil`.
    public func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<CallEvent?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.queue.isEmpty ? state.waiter : nil
        }
        waiter?.resume(returning: nil)
    }

    /// The next event; `nil` once finished and drained, or when the reading task is cancelled.
    private func next() async -> CallEvent? {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<CallEvent?, Never>) in
                let ready = state.withLock { state -> CallEvent?? in
                    if let event = state.popFirst() { return .some(event) }
                    if state.finished || state.cancelled { return .some(nil) }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<CallEvent?, Never>? in
                state.cancelled = true
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: nil)
        }
    }
}

extension Array where Element == CallEvent {
    /// The one dropping rule of a full event queue: removes the oldest audio frame at or after
    /// `start` (never a DTMF, playback report or hang-up); `false` when there is none.
    mutating func removeOldestAudio(from start: Int = 0) -> Bool {
        guard let oldest = self[start...].firstIndex(where: { if case .audio = $0 { true } else { false } }) else { return false }
        remove(at: oldest)
        return true
    }
}
