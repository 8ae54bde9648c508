import Foundation
import MiniBotDialer
import Testing

/// The ARI events socket of a line stays up for its whole life (it was closed by us 10 s after
/// every connect) while calls keep producing events, and closes with a close frame.
/// `MINIBOT_TEST_ASTERISK_SOCKET_SECONDS` sets the window (60 s by default; the 5 min: 300).
@Suite("RealAsterisk events socket", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(10)))
struct RealAsteriskEventsSocketTests {
    let asterisk = RealAsterisk.instance

    @Test func staysConnectedWithoutMissedMessagesAndClosesCleanly() async throws {
        let seconds = ProcessInfo.processInfo.environment["MINIBOT_TEST_ASTERISK_SOCKET_SECONDS"].flatMap(Int.init) ?? 60
        let application = "minibot-socket-\(UUID().uuidString.prefix(8))"
        let abruptBefore = asterisk.logLines(containing: "Web socket closed abruptly").count
        let results = try await RealAsteriskLine.with(application: application) { place in
            let start = ContinuousClock.now
            var results: [CallResult?] = []
            // A busy call every 2 s: each one is a burst of events (Dial, hang-up, destroy) for the app.
            while ContinuousClock.now - start < .seconds(seconds) {
                results.append(await place(RealAsterisk.number(.busy)).record.result)
                try await Task.sleep(for: .seconds(2))
            }
            _ = try await asterisk.waitUntilIdle()
            return results
        }
        #expect(results.count >= seconds / 3)
        #expect(results.allSatisfy { $0 == .busy }, "every call decided by its events: \(results)")
        let missed = asterisk.logLines(containing: "Inactive Stasis app '\(application)' missed message")
        #expect(missed.isEmpty, "Asterisk dropped events for the app: \(missed.prefix(3))")
        // Our close frame lets Asterisk close the socket; a bare TCP close logs this warning.
        let abruptAfter = asterisk.logLines(containing: "Web socket closed abruptly").count
        #expect(abruptAfter == abruptBefore, "the events socket was closed without a close frame")
    }
}
