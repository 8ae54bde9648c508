import Foundation
import NIOCore
import Synchronization
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

    @Test("a prompt that starts after idle silence leaves at once, not at the call's next 20 ms slot")
    func promptAfterSilenceStartsAtOnce() async throws {
        let prompts = 9
        let playedAt = Mutex<[UInt64]>([])
        try await withAudioSocketServer(handler: { session in
            // Silence flows between prompts; each prompt starts at an offset that is not a multiple of 20 ms.
            for index in 0..<prompts {
                try? await Task.sleep(for: .milliseconds(130 + 7 * index))
                playedAt.withLock { $0.append(NIODeadline.now().uptimeNanoseconds) }
                await session.play(Prompt(id: "p\(index)", frames: [rampFrame(0, seed: index + 1)]))
            }
            try? await Task.sleep(for: .milliseconds(100))
            await session.hangup()
        }) { _, port in
            let arrivals = try await AudioSocketClient.withConnection(port: port, callID: UUID()) { call in
                var arrivals: [UInt64] = []
                for await item in call.received {
                    if let samples = item.message.samples, !isSilence(samples) { arrivals.append(item.arrivalNanoseconds) }
                }
                return arrivals
            }
            let played = playedAt.withLock { $0 }
            try #require(arrivals.count == prompts && played.count == prompts)
            let delays = zip(arrivals, played).map { Double(Int64($0) - Int64($1)) / 1e6 }.sorted()
            // Waiting for the slot would put the median near 10 ms (uniform over 0-20 ms).
            #expect(delays[prompts / 2] < 4, "median delay \(delays[prompts / 2]) ms, all \(delays)")
        }
    }
}
