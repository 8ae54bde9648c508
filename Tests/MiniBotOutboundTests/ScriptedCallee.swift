import Foundation
import MiniBotSpeech
import MiniBotTelephony
import Synchronization

/// Test-only ``PBXDialer`` decorator playing the callee of each scripted number against the bot
/// through the real connector: after every prompt the bot finishes, the callee says its next
/// line. The words go to the simulated recognizer's script (keyed by call id, as the runner
/// asks for them) and murmured audio goes out through the fake PBX's media path, so the bot's
/// VAD and endpointer hear a real turn.
struct ScriptedCalleeDialer: PBXDialer {
    let inner: any PBXDialer
    let script: SimulatedScript
    /// E.164 number → what that callee says, one line per finished bot prompt.
    let lines: [String: [String]]
    /// Sends caller audio on the call's media path (fake FreeSWITCH stream, fake ARI leg).
    let speak: @Sendable (UUID, [[Int16]]) async -> Void
    /// Runs before the callee says line `index` (tests use it to break the PBX connection mid-call).
    var beforeLine: @Sendable (UUID, Int) async -> Void = { _, _ in }

    func dial(_ request: DialRequest) async throws -> DialAttempt {
        var attempt = try await inner.dial(request)
        if let session = attempt.session, let said = lines[request.number] {
            attempt.session = CalleeSession(inner: session, lines: said, script: script, speak: speak, beforeLine: beforeLine)
        }
        return attempt
    }
}

/// The bot's session with a callee listening in: events pass through unchanged, and each
/// finished, uninterrupted prompt makes the callee speak.
final class CalleeSession: CallSession {
    let inner: any CallSession
    let events: CallEventStream
    var callID: UUID { inner.callID }
    var metadata: CallMetadata { inner.metadata }

    init(inner: any CallSession, lines: [String], script: SimulatedScript, speak: @escaping @Sendable (UUID, [[Int16]]) async -> Void,
         beforeLine: @escaping @Sendable (UUID, Int) async -> Void) {
        self.inner = inner
        let iterator = EventIterator(inner.events.makeAsyncIterator())
        let nextLine = LineCounter(count: lines.count)
        let callID = inner.callID
        events = CallEventStream(next: {
            let event = await iterator.next()
            if case .playbackFinished(let report)? = event, !report.interrupted {
                if let index = nextLine.take() {
                    await beforeLine(callID, index)
                    script.enqueue([lines[index]], for: callID.uuidString)
                    // A pause, the words, then silence for the endpointer: the line is never mute on a real call.
                    let pause = Array(repeating: [Int16](repeating: 0, count: 160), count: 25)
                    await speak(callID, pause + (await MurmurVoice().frames(for: lines[index])) + pause + pause)
                }
            }
            return event
        })
    }

    func play(_ prompt: Prompt) async { await inner.play(prompt) }
    @discardableResult func stop() async -> Int { await inner.stop() }
    func hangup() async { await inner.hangup() }
}

/// The inner session's single consumer, shared by reference with the pull closure.
final class EventIterator: @unchecked Sendable {
    private var base: CallEventStream.AsyncIterator
    init(_ base: CallEventStream.AsyncIterator) { self.base = base }
    func next() async -> CallEvent? { await base.next() }
}

/// Hands out line indexes 0, 1, … once each.
final class LineCounter: Sendable {
    private let next = Mutex(0)
    let count: Int
    init(count: Int) { self.count = count }

    func take() -> Int? {
        next.withLock { next in
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

