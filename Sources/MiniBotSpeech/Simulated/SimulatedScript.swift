import Synchronization

/// What each simulated caller will be "heard" saying, shared between the simulated PBX (which
/// plays the caller) and ``SimulatedRecognizer`` (which reports it), keyed by call id.
///
/// The simulated caller enqueues an utterance when it starts speaking; the recognizer session
/// of that call takes the oldest one when it finishes. It is a lock-protected class rather than
/// an actor so NIO handlers and synchronous test code can feed it without `await`.
/// ```swift
/// let script = SimulatedScript()
/// script.enqueue(["oui bonjour", "non merci"], for: "call-1")
/// script.enqueue(.failure(.timeout), for: "call-1") // the third utterance fails to recognize
/// ```
public final class SimulatedScript: Sendable {
    private let queues = Mutex<[String: [SimulatedUtterance]]>([:])

    public init() {}

    /// Appends one utterance to the call's queue.
    public func enqueue(_ utterance: SimulatedUtterance, for callID: String) {
        queues.withLock { $0[callID, default: []].append(utterance) }
    }

    /// Appends spoken texts (confidence 1) to the call's queue, in order.
    public func enqueue(_ texts: [String], for callID: String) {
        queues.withLock { $0[callID, default: []].append(contentsOf: texts.map { .said($0, confidence: 1) }) }
    }

    /// Removes and returns the call's oldest utterance, or `nil` when the caller said nothing.
    public func next(for callID: String) -> SimulatedUtterance? {
        queues.withLock { queues -> SimulatedUtterance? in
            guard var queue = queues[callID], !queue.isEmpty else { return nil }
            let first = queue.removeFirst()
            queues[callID] = queue.isEmpty ? nil : queue
            return first
        }
    }

    /// Utterances still waiting for the call.
    public func pendingCount(for callID: String) -> Int {
        queues.withLock { $0[callID]?.count ?? 0 }
    }

    /// Forgets a call (on hang-up), so ended calls don't accumulate.
    public func removeCall(_ callID: String) {
        _ = queues.withLock { $0.removeValue(forKey: callID) }
    }
}

/// One scripted caller turn: words with the confidence to report, or a recognition failure to
/// exercise the `recognition_failed` path.
public enum SimulatedUtterance: Sendable, Equatable {
    case said(String, confidence: Double)
    case failure(RecognitionError)
}
