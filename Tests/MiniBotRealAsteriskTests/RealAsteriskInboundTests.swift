import Foundation
import MiniBotCalls
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony
import NIOHTTP1
import Synchronization
import Testing

/// Inbound calls into the bot through the README's `[minibot]` context as written
/// (`Answer()`, `UUID()`, `AudioSocket()`), 20 at once, against the same AudioSocket service
/// `minibot serve --audiosocket` runs. Each caller is a Local channel that speaks French and
/// records what it hears.
@Suite("RealAsterisk inbound AudioSocket calls", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(3)))
struct RealAsteriskInboundTests {
    let asterisk = RealAsterisk.instance

    @Test func twentyCallsAtOnceThroughTheREADMEContext() async throws {
        let runner = CallRunner(scenario: try ProbeScenario.load(), nlu: try NLUPipeline(),
                                recognizer: SimulatedRecognizer(script: SimulatedScript()),
                                prompts: .standard(soundsRoot: nil, logger: testLogger),
                                options: .init(clock: .continuous), logger: testLogger)
        let service = try await AudioSocketCallService.bind(
            configuration: .init(host: "127.0.0.1", port: asterisk.audioSocketPort, maximumConcurrentCalls: 50),
            runner: runner, logger: testLogger)
        let ari = ARIClient(configuration: .init(url: asterisk.ariURL, username: "minibot", password: asterisk.password,
                                                 application: "minibot-inbound-test"), logger: testLogger)
        let numbers = (0..<20).map { String(format: "0699%06d", Int.random(in: 0..<1_000_000) / 20 * 20 + $0) }
        let reports = Shared<[CallReport]>([])
        let (finished, finishedContinuation) = AsyncStream.makeStream(of: Int.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await service.run(onReport: { report in
                    let count = reports.withLock { $0.append(report); return $0.count }
                    finishedContinuation.yield(count)
                })
            }
            for number in numbers {
                // Local/<n>@minibot runs the README context (the bot's side); the other half runs the caller.
                try await ari.request(.POST, "/channels", query: [
                    ("endpoint", "Local/\(number)@minibot"), ("context", "minibot-test-caller"), ("extension", number),
                    ("priority", "1"), ("timeout", "10"),
                ])
            }
            let all = try await withDeadlineOrNil(.seconds(60)) {
                for await count in finished where count >= numbers.count { return true }
                return false
            }
            await service.shutdownGracefully()
            group.cancelAll()
            #expect(all == true, "only \(reports.withLock { $0.count }) of \(numbers.count) calls finished")
        }
        let done = reports.withLock { $0 }
        #expect(Set(done.map(\.callID)).count == done.count, "every call has its own UUID")
        for report in done {
            // The caller talks for ~15 s and hangs up; the call lasts that long on the wall clock.
            #expect(report.durationMs > 8_000, "\(report.callID): \(report.durationMs) ms, \(report.reason)")
        }
        for number in numbers {
            let heard = try await asterisk.recording("in-\(number)-heard.wav")
            #expect(rms(heard) > audibleRMS / 4, "caller \(number) heard no bot")
        }
        let idle = try await asterisk.waitUntilIdle()
        #expect(idle.channels.isEmpty, "channels left: \(idle.channels)")
    }
}

/// Runs `operation`; nil once `timeout` has passed (the operation is then cancelled).
func withDeadlineOrNil<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try? await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        return try await group.next() ?? nil
    }
}
