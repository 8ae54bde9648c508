import struct Foundation.UUID
import Synchronization

/// Meets AudioSocket connections and the dialer that expects them, by call UUID.
///
/// With ARI `externalMedia`, Asterisk opens an AudioSocket connection carrying the UUID we put in
/// `data`; it may arrive before or after the dialer asks for it. Give ``route(_:)`` to the
/// AudioSocket server as its handler; the dialer calls ``claim(_:timeout:)``. `route` keeps the
/// connection alive until the claimant ends the call (or nobody claims it in time).
/// ```swift
/// let router = AudioSocketSessionRouter()
/// group.addTask { try await audioSocketServer.run { await router.route($0) } }
/// let session = try await router.claim(callID, timeout: .seconds(5))
/// ```
public final class AudioSocketSessionRouter: Sendable {
    public let unclaimedTimeout: Duration
    private let state = Mutex(State())

    struct State {
        var arrived: [UUID: any CallSession] = [:]
        var claimers: [UUID: CheckedContinuation<any CallSession, any Error>] = [:]
        var holders: [UUID: CheckedContinuation<Void, Never>] = [:]
        var released: Set<UUID> = []
    }

    public enum RouterError: Error, Sendable, Hashable {
        case timedOut(UUID)
    }

    public init(unclaimedTimeout: Duration = .seconds(10)) {
        self.unclaimedTimeout = unclaimedTimeout
    }

    /// The AudioSocket server's handler: hands `session` to its claimant and returns when the
    /// claimant ``release(_:)``s it, or after ``unclaimedTimeout`` if nobody claimed it.
    public func route(_ session: any CallSession) async {
        let id = session.callID
        let claimer = state.withLock { state -> CheckedContinuation<any CallSession, any Error>? in
            if let claimer = state.claimers.removeValue(forKey: id) { return claimer }
            state.arrived[id] = session
            return nil
        }
        claimer?.resume(returning: session)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: self.unclaimedTimeout)
                // Still unclaimed: give up on it (the server hangs it up when we return).
                let stale = self.state.withLock { $0.arrived.removeValue(forKey: id) != nil }
                if stale { self.release(id) }
            }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = state.withLock { state -> Bool in
                    if state.released.remove(id) != nil { return true }
                    state.holders[id] = continuation
                    return false
                }
                if done { continuation.resume() }
            }
            group.cancelAll()
        }
    }

    /// Waits for the AudioSocket connection of `callID`.
    public func claim(_ callID: UUID, timeout: Duration) async throws -> any CallSession {
        try await withThrowingTaskGroup(of: (any CallSession)?.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any CallSession, any Error>) in
                    let ready = self.state.withLock { state -> (any CallSession)? in
                        if let session = state.arrived.removeValue(forKey: callID) { return session }
                        state.claimers[callID] = continuation
                        return nil
                    }
                    if let ready { continuation.resume(returning: ready) }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                let claimer = self.state.withLock { $0.claimers.removeValue(forKey: callID) }
                claimer?.resume(throwing: RouterError.timedOut(callID))
                return nil
            }
            while let result = try await group.next() {
                if let session = result {
                    group.cancelAll()
                    return session
                }
            }
            throw RouterError.timedOut(callID)
        }
    }

    /// The claimant is done with the call: lets ``route(_:)`` return.
    public func release(_ callID: UUID) {
        let holder = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let holder = state.holders.removeValue(forKey: callID) { return holder }
            state.released.insert(callID)
            return nil
        }
        holder?.resume()
    }
}
