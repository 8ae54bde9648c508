import Foundation
import MiniBotDispatch
import Synchronization

/// The campaigns this worker is dialling, one ``CampaignDispatcher`` each: ``CampaignRuns``'
/// decisions under a lock, applied to the dispatchers (stop dialling, hang up at the deadline).
final class CampaignRegistry: Sendable {
    private let runs = Mutex(CampaignRuns<CampaignDispatcher>())

    var campaignIDs: [Int64] { runs.withLock { $0.campaignIDs } }
    var isShuttingDown: Bool { runs.withLock { $0.shuttingDown } }
    /// Calls in progress on every dispatcher of this worker.
    var liveCalls: Int { runs.withLock { $0.runs.reduce(0) { $0 + $1.activeCalls } } }

    func launch(_ id: Int64, dispatcher: CampaignDispatcher) -> CampaignRuns<CampaignDispatcher>.LaunchDecision {
        runs.withLock { $0.launch(id, run: dispatcher) }
    }

    /// Pause: the campaign's dispatcher stops dialling and finishes its live calls.
    func stop(_ id: Int64) {
        runs.withLock { $0.stop(id) }?.stopDialling()
    }

    /// The campaign's run returned; true: launch it again now (it was resumed while stopping).
    func runEnded(_ id: Int64, failedAt: Date?) -> Bool {
        runs.withLock { $0.runEnded(id, failedAt: failedAt) }
    }

    func launchFailed(_ id: Int64, at now: Date) {
        runs.withLock { $0.launchFailed(id, at: now) }
    }

    func shouldJoin(_ id: Int64, now: Date) -> Bool {
        runs.withLock { $0.shouldJoin(id, now: now) }
    }

    /// Every dispatcher stops dialling; true the first time (arm the shutdown deadline once).
    func beginShutdown() -> Bool {
        let (dispatchers, first) = runs.withLock { $0.beginShutdown() }
        for dispatcher in dispatchers { dispatcher.stopDialling() }
        return first
    }

    /// Hangs up every live call (the shutdown deadline passed, or the group cancelled us).
    func abandonLiveCalls() {
        for dispatcher in runs.withLock({ $0.runs }) { dispatcher.abandonLiveCalls() }
    }
}
