import Synchronization

/// Live counters of an AudioSocket server or client group, safe to read from any thread.
///
/// The pacing numbers are the performance bar of the spec (under 1 % of outbound frames late
/// by more than 5 ms at 500 calls); the call counters feed metrics and logs.
/// ```swift
/// let s = server.statistics.snapshot()
/// print(s.lateFramePercentage, s.rejectedCalls)
/// ```
public final class AudioSocketStatistics: Sendable {
    private let framesSent = Atomic<Int>(0)
    private let lateFrames = Atomic<Int>(0)
    private let worstLateness = Atomic<UInt64>(0)
    private let activeCalls = Atomic<Int>(0)
    private let acceptedCalls = Atomic<Int>(0)
    private let rejectedCalls = Atomic<Int>(0)
    private let protocolErrors = Atomic<Int>(0)
    private let droppedInboundFrames = Atomic<Int>(0)

    public init() {}

    /// A consistent-enough copy of the counters (each read atomically).
    public struct Snapshot: Sendable, Hashable {
        public var framesSent: Int
        public var lateFrames: Int
        public var worstLatenessNanoseconds: UInt64
        public var activeCalls: Int
        public var acceptedCalls: Int
        public var rejectedCalls: Int
        public var protocolErrors: Int
        /// Caller frames dropped because nobody took the call's events for 5 s (see `AudioSocketCallHandler`).
        public var droppedInboundFrames: Int

        /// Percentage of paced frames sent more than 5 ms after their deadline.
        public var lateFramePercentage: Double {
            framesSent == 0 ? 0 : 100 * Double(lateFrames) / Double(framesSent)
        }
    }

    public func snapshot() -> Snapshot {
        Snapshot(
            framesSent: framesSent.load(ordering: .relaxed),
            lateFrames: lateFrames.load(ordering: .relaxed),
            worstLatenessNanoseconds: worstLateness.load(ordering: .relaxed),
            activeCalls: activeCalls.load(ordering: .relaxed),
            acceptedCalls: acceptedCalls.load(ordering: .relaxed),
            rejectedCalls: rejectedCalls.load(ordering: .relaxed),
            protocolErrors: protocolErrors.load(ordering: .relaxed),
            droppedInboundFrames: droppedInboundFrames.load(ordering: .relaxed)
        )
    }

    func recordPacing(framesSent sent: Int, lateFrames late: Int, worstLatenessNanoseconds worst: UInt64) {
        if sent > 0 { framesSent.add(sent, ordering: .relaxed) }
        if late > 0 { lateFrames.add(late, ordering: .relaxed) }
        _ = worstLateness.max(worst, ordering: .relaxed)
    }

    /// Reserves a call slot; `false` (and a counted rejection) when `limit` calls are live.
    func reserveCall(limit: Int) -> Bool {
        let now = activeCalls.add(1, ordering: .relaxed).newValue
        if now > limit {
            activeCalls.subtract(1, ordering: .relaxed)
            rejectedCalls.add(1, ordering: .relaxed)
            return false
        }
        acceptedCalls.add(1, ordering: .relaxed)
        return true
    }

    func releaseCall() { activeCalls.subtract(1, ordering: .relaxed) }

    func recordProtocolError() { protocolErrors.add(1, ordering: .relaxed) }

    func recordDroppedInboundFrame() { droppedInboundFrames.add(1, ordering: .relaxed) }
}
