import Synchronization

/// The calls one worker process may have live at once (`MAX_CONCURRENT_CALLS`), shared by every
/// campaign it dials, so a second campaign does not double the worker's load.
///
/// Why separate from the campaign's cap: the campaign's `maxConcurrentCalls` is a cluster-wide
/// limit (checked in the database), this one is what one machine's CPU and PBX line can carry.
///
/// ```swift
/// let budget = WorkerCallBudget(limit: 10)
/// options.workerBudget = budget        // for every dispatcher of this process
/// ```
public final class WorkerCallBudget: Sendable {
    public let limit: Int
    private let live = Atomic<Int>(0)

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Calls of this worker live now, over all campaigns.
    public var liveCalls: Int { live.load(ordering: .acquiring) }

    /// Calls this worker may still start now.
    public var freeSlots: Int { max(0, limit - liveCalls) }

    func begin() { live.add(1, ordering: .acquiringAndReleasing) }
    func end() { live.subtract(1, ordering: .acquiringAndReleasing) }
}
