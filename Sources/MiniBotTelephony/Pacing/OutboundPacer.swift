/// Drift-free 20 ms pacing arithmetic, with no clock inside: time comes in as nanosecond
/// readings of a monotonic clock (NIO's `NIODeadline.uptimeNanoseconds` in production, plain
/// numbers in tests).
///
/// Frame *n*'s deadline is `start + n × interval`, computed from the start each time, so
/// rounding or a late timer never accumulates drift. When a timer fires late by more than a
/// frame, ``framesDue(at:)`` asks for the missed frames in a burst (up to ``maximumBurst``);
/// past that the schedule skips ahead rather than flooding the PBX.
///
/// ```swift
/// var pacer = OutboundPacer(startNanoseconds: t0)
/// pacer.deadline(ofFrame: 3)              // t0 + 60 ms
/// let due = pacer.framesDue(at: t0 + 41_000_000)   // frames 0, 1, 2 are due
/// for _ in due { pacer.recordSend(at: t0 + 41_000_000) }
/// pacer.lateFrames                        // 2 (frames 0 and 1 are > 5 ms late)
/// ```
public struct OutboundPacer: Sendable, Hashable {
    public static let frameNanoseconds: UInt64 = 20_000_000
    public static let defaultLateThresholdNanoseconds: UInt64 = 5_000_000

    public let startNanoseconds: UInt64
    public let intervalNanoseconds: UInt64
    /// A send later than this after its deadline counts in ``lateFrames``.
    public let lateThresholdNanoseconds: UInt64
    /// Most frames sent at once to catch up after a stall.
    public let maximumBurst: Int

    /// Index of the next frame to send.
    public private(set) var nextFrame: Int = 0
    public private(set) var framesSent: Int = 0
    public private(set) var lateFrames: Int = 0
    /// Frames given up because a stall exceeded ``maximumBurst``.
    public private(set) var skippedFrames: Int = 0
    public private(set) var maximumLatenessNanoseconds: UInt64 = 0

    public init(
        startNanoseconds: UInt64,
        intervalNanoseconds: UInt64 = OutboundPacer.frameNanoseconds,
        lateThresholdNanoseconds: UInt64 = OutboundPacer.defaultLateThresholdNanoseconds,
        maximumBurst: Int = 5
    ) {
        self.startNanoseconds = startNanoseconds
        self.intervalNanoseconds = max(1, intervalNanoseconds)
        self.lateThresholdNanoseconds = lateThresholdNanoseconds
        self.maximumBurst = max(1, maximumBurst)
    }

    /// When frame `n` should leave: `start + n × interval`.
    public func deadline(ofFrame n: Int) -> UInt64 {
        startNanoseconds &+ UInt64(max(0, n)) &* intervalNanoseconds
    }

    /// When the next frame should leave (schedule the timer for this).
    public var nextDeadline: UInt64 { deadline(ofFrame: nextFrame) }

    /// How late a send at `now` is for frame `n` (0 if early).
    public func lateness(ofFrame n: Int, sentAt now: UInt64) -> UInt64 {
        let due = deadline(ofFrame: n)
        return now > due ? now - due : 0
    }

    /// Number of frames whose deadline has passed at `now` (0 if the timer fired early),
    /// capped at ``maximumBurst``; frames beyond the cap are skipped and counted.
    public mutating func framesDue(at now: UInt64) -> Int {
        guard now >= nextDeadline else { return 0 }
        let elapsedFrames = Int((now - startNanoseconds) / intervalNanoseconds) + 1
        let due = elapsedFrames - nextFrame
        if due > maximumBurst {
            let skip = due - maximumBurst
            skippedFrames += skip
            nextFrame += skip
            return maximumBurst
        }
        return due
    }

    /// Records that the next frame left at `now`; returns its lateness in nanoseconds.
    @discardableResult
    public mutating func recordSend(at now: UInt64) -> UInt64 {
        let late = lateness(ofFrame: nextFrame, sentAt: now)
        if late > lateThresholdNanoseconds { lateFrames += 1 }
        if late > maximumLatenessNanoseconds { maximumLatenessNanoseconds = late }
        framesSent += 1
        nextFrame += 1
        return late
    }
}
