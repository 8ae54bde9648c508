/// The wall clock a live call is timed by, injected into ``CallRunner`` (tests pass a manual one).
///
/// Why: the ``CallController`` counts time in caller frames, but a PBX sends no frame while the far
/// end sends no audio (Asterisk's AudioSocket during silence suppression, one-way audio, a bridge the
/// other party left, a `Wait()`). Counting frames alone, silence timeouts never fired and a 45 s
/// call lasted 0 s. The runner reads this clock every 100 ms and feeds silent frames for the
/// missing time, so timeouts, `duration_ms` and the recording follow real time.
/// ```swift
/// var options = CallRunner.Options(recordingsDirectory: "recordings")
/// options.clock = .continuous
/// ```
public struct CallClock: Sendable {
    /// Monotonic time since an arbitrary origin.
    public var now: @Sendable () -> Duration
    public var sleep: @Sendable (Duration) async throws -> Void

    public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// `ContinuousClock`: real time, also while the machine is busy.
    public static var continuous: CallClock {
        let origin = ContinuousClock.now
        return CallClock(now: { ContinuousClock.now - origin }, sleep: { try await Task.sleep(for: $0) })
    }
}
