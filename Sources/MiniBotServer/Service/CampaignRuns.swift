import Foundation

/// Which campaigns this worker dials and what happens when one is launched, paused, ends, fails
/// or the worker shuts down: the dialler's decisions as a pure state machine (no I/O, no clock:
/// the caller passes the time), held by ``CampaignRegistry`` under its lock.
///
/// Each campaign is in one state, so "relaunch" can only be asked of a run that is stopping:
/// ```
/// (none) ──launch──▶ running ──stop──▶ stopping ──launch──▶ stoppingThenRelaunch
///                                          ▲──────────stop──────────┘
/// any ──run ended──▶ (none), and launched again at once if it was stoppingThenRelaunch
/// ```
/// `Run` is the campaign's dispatcher in the service, a plain value in tests.
struct CampaignRuns<Run> {
    enum Entry {
        case running(Run)
        /// Paused: finishing its live calls, no new dial.
        case stopping(Run)
        /// Resumed while still stopping: launched again once the old run has drained.
        case stoppingThenRelaunch(Run)

        var run: Run {
            switch self {
            case .running(let run), .stopping(let run), .stoppingThenRelaunch(let run): run
            }
        }
    }

    enum LaunchDecision: Equatable {
        /// Registered: start driving the run.
        case start
        /// Already running (or stopping: then relaunched when it ends): nothing to start.
        case alreadyRunning
        case refusedShuttingDown
    }

    /// How long a campaign whose run failed (line down…) is left alone by the watcher.
    static var failureBackoff: TimeInterval { 10 }

    private(set) var entries: [Int64: Entry] = [:]
    private(set) var shuttingDown = false
    /// When a campaign's run last failed.
    private(set) var failedAt: [Int64: Date] = [:]

    var runs: [Run] { entries.values.map(\.run) }
    var campaignIDs: [Int64] { entries.keys.sorted() }

    mutating func launch(_ id: Int64, run: Run) -> LaunchDecision {
        if shuttingDown { return .refusedShuttingDown }
        switch entries[id] {
        case nil:
            entries[id] = .running(run)
            return .start
        case .stopping(let old)?:
            entries[id] = .stoppingThenRelaunch(old)
            return .alreadyRunning
        case .running?, .stoppingThenRelaunch?:
            return .alreadyRunning
        }
    }

    /// Pause: returns the run to stop dialling (nil: not running here); a relaunch asked meanwhile is forgotten.
    mutating func stop(_ id: Int64) -> Run? {
        guard let entry = entries[id] else { return nil }
        entries[id] = .stopping(entry.run)
        return entry.run
    }

    /// The campaign's run returned (`failedAt`: it threw at that time). True: launch it again now.
    mutating func runEnded(_ id: Int64, failedAt failure: Date? = nil) -> Bool {
        if let failure { failedAt[id] = failure }
        guard case .stoppingThenRelaunch? = entries.removeValue(forKey: id) else { return false }
        return !shuttingDown
    }

    /// The watcher could not even launch it (scenario missing…): back off as after a failed run.
    mutating func launchFailed(_ id: Int64, at now: Date) {
        failedAt[id] = now
    }

    /// The watcher joins a campaign `running` in the database unless it runs here already or failed recently.
    func shouldJoin(_ id: Int64, now: Date) -> Bool {
        guard entries[id] == nil else { return false }
        guard let failure = failedAt[id] else { return true }
        return now.timeIntervalSince(failure) >= Self.failureBackoff
    }

    /// Graceful shutdown: no launch from now on. Returns every run (to stop dialling) and whether
    /// this is the first call (the shutdown deadline is armed once).
    mutating func beginShutdown() -> (runs: [Run], first: Bool) {
        let first = !shuttingDown
        shuttingDown = true
        return (runs, first)
    }
}
