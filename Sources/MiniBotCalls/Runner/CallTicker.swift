import Synchronization

/// One wall-clock tick every 100 ms for every live call of a ``CallRunner``, instead of a
/// sleeping task per call.
///
/// Why: a tick per call is a timer armed, a thread woken and a task switched, ten times a
/// second per call: at 2,000 calls that cost more CPU than the calls' audio. One loop reads the
/// clock once and steps each registered call (``RunnerCore/step(_:)``: a lock and a frame count
/// comparison when nothing is missing). The loop is an unstructured task on purpose: it belongs
/// to the runner, not to any one call, and it ends by itself when the last call unregisters.
final class CallTicker: Sendable {
    static let interval = Duration.milliseconds(100)
    let clock: CallClock
    private let state = Mutex(State())

    private struct State {
        var calls: [ObjectIdentifier: RunnerCore] = [:]
        var running = false
    }

    init(clock: CallClock) {
        self.clock = clock
    }

    /// Starts ticking `core` (and the loop, if it was idle).
    func register(_ core: RunnerCore) {
        let start = state.withLock { state -> Bool in
            state.calls[ObjectIdentifier(core)] = core
            defer { state.running = true }
            return !state.running
        }
        if start { Task { await self.run() } }
    }

    func unregister(_ core: RunnerCore) {
        _ = state.withLock { $0.calls.removeValue(forKey: ObjectIdentifier(core)) }
    }

    private func run() async {
        while true {
            try? await clock.sleep(Self.interval)
            let calls = state.withLock { state -> [RunnerCore]? in
                if state.calls.isEmpty {
                    state.running = false
                    return nil
                }
                return Array(state.calls.values)
            }
            guard let calls else { return }
            let now = clock.now()
            for call in calls { call.step(.tick(now)) }
        }
    }
}
