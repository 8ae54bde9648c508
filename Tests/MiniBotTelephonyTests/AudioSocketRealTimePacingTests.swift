import Foundation
import Testing
@testable import MiniBotTelephony

/// The one test that runs against the wall clock: the pure pacer proves "no drift"; this checks
/// the event-loop wiring really delivers a frame every 20 ms on the caller's side.
@Suite("AudioSocket real-time pacing", .timeLimit(.minutes(1)))
struct AudioSocketRealTimePacingTests {
    @Test("~2 s of bot audio: median inter-frame gap at the client is 20 ms ± 1 ms")
    func medianGap() async throws {
        let prompt = Prompt(id: "two-seconds", frames: (0..<100).map { rampFrame($0, seed: 11) })
        try await withAudioSocketServer(handler: { session in
            await session.play(prompt)
            for await event in session.events {
                if case .playbackFinished = event { await session.hangup() }
            }
        }) { _, port in
            let arrivals = try await AudioSocketClient.withConnection(port: port, callID: UUID()) { call in
                var arrivals: [UInt64] = []
                for await item in call.received {
                    if let samples = item.message.samples, !isSilence(samples) { arrivals.append(item.arrivalNanoseconds) }
                }
                return arrivals
            }
            try #require(arrivals.count == 100)
            let gaps = zip(arrivals.dropFirst(), arrivals).map { Double($0 - $1) / 1e6 }.sorted()
            let median = gaps[gaps.count / 2]
            #expect(abs(median - 20) <= 1, "median gap \(median) ms")
            // The whole prompt spans 99 intervals: no accumulated drift beyond scheduler noise.
            let span = Double(arrivals[99] - arrivals[0]) / 1e6
            #expect(abs(span - 1_980) < 50, "span \(span) ms")
        }
    }
}
