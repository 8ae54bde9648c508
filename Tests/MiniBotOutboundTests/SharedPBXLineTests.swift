import Foundation
import MiniBotDialer
import MiniBotDispatch
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony
import MiniBotTestKit
import Synchronization
import Testing

/// `serve` opens each PBX line once for all its campaigns: two campaigns dialling at the same time
/// share one Event Socket (or ARI) connection and one media listener, each with its own scenario's
/// runner, and every number ends as it does on a line of its own.
@Suite("Two campaigns on one shared PBX line", .serialized, .timeLimit(.minutes(3)))
struct SharedPBXLineTests {
    let contacts = OutboundCampaignFixture.contacts

    static func opener(_ line: SharedPBXLine) -> OutboundCampaignFixture.LineOpener {
        { scenario, now, onTurns, body in
            try await body(try await line.placer(scenario: scenario, now: now, onTurns: onTurns, waiting: .seconds(10)))
        }
    }

    /// Runs two campaigns (the contacts split in two) at once over `line`, open for the duration.
    func runTwoCampaigns(_ line: SharedPBXLine, configuration: PBXConfiguration, options: PBXLine.Options) async throws {
        let half = contacts.count / 2
        let first = Array(contacts.prefix(half)), second = Array(contacts.dropFirst(half))
        let (stop, stopSink) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await line.run(until: { for await _ in stop {} }) }
            async let a = OutboundCampaignFixture.run(first, configuration: configuration, options: options, line: Self.opener(line))
            async let b = OutboundCampaignFixture.run(second, configuration: configuration, options: options, line: Self.opener(line))
            let (outcomeA, outcomeB) = try await (a, b)
            stopSink.finish()
            try await group.waitForAll()
            PBXCampaignParityTests.expectSameResults(outcomeA, contacts: first)
            PBXCampaignParityTests.expectSameResults(outcomeB, contacts: second)
        }
        #expect(!line.isOpen, "the line closed when asked")
    }

    @Test func freeSwitch() async throws {
        try await FakeFreeSwitch.with(contacts) { fake, configuration, options in
            let line = SharedPBXLine(configuration: configuration, options: options)
            try await runTwoCampaigns(line, configuration: configuration, options: options)
            #expect(fake.authenticationCount == 1, "one Event Socket connection for both campaigns")
        }
    }

    @Test func asterisk() async throws {
        try await FakeARI.with(contacts) { fake, configuration, options in
            let line = SharedPBXLine(configuration: configuration, options: options)
            try await runTwoCampaigns(line, configuration: configuration, options: options)
            let originates = fake.receivedRequests.filter { $0.hasPrefix("POST /ari/channels?") }
            #expect(originates.count == contacts.count)
        }
    }

    @Test func aDialWhileThePBXIsDownFailsCleanlyAfterTheWait() async throws {
        var configuration = PBXConfiguration(kind: .freeswitch, callerID: nil, ringTimeoutSeconds: 20,
                                             pbxMachineDetection: false, dualLayerMachineDetection: false)
        configuration.freeSwitch?.eslPort = 1   // nothing listens there
        configuration.freeSwitch?.audioStreamHost = "127.0.0.1"
        configuration.freeSwitch?.audioStreamPort = 0
        var options = OutboundCampaignFixture.lineOptions(script: SimulatedScript()) { $0 }
        options.connectTimeout = .milliseconds(300)
        // The wait and the retries run on a manual clock: the test moves it 100 ms at each sleep
        // either of them starts, with no wall-clock wait.
        let clock = ManualClock()
        let line = SharedPBXLine(configuration: configuration, options: options, retryInterval: .milliseconds(200), clock: clock)
        let (stop, stopSink) = AsyncStream.makeStream(of: Void.self)
        let scenario = try OutboundCampaignFixture.scenario()
        let start = clock.now
        let failedAt = DialEnd()
        // Wakes the driver below: a sleep started on the clock, or the dial ended.
        let (events, eventSink) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await line.run(until: { for await _ in stop {} }) }
            group.addTask { for await _ in clock.sleeps { eventSink.yield() } }
            group.addTask {
                defer { eventSink.yield() }
                do { _ = try await line.placer(scenario: scenario, waiting: .seconds(1)) } catch {
                    failedAt.record(error, at: clock.now)
                    return
                }
                failedAt.record(nil, at: clock.now)
            }
            for await _ in events {
                if failedAt.value != nil { break }
                clock.advance(by: .milliseconds(100))
            }
            stopSink.finish()
            eventSink.finish()
            group.cancelAll()
            try await group.waitForAll()
        }
        let outcome = try #require(failedAt.value)
        #expect(outcome.error is PBXLineError, "the dial failed cleanly: \(String(describing: outcome.error))")
        #expect(start.duration(to: outcome.at) >= .seconds(1), "waited the whole second for the line to come up")
        #expect(start.duration(to: outcome.at) < .seconds(2), "and not longer")
    }
}

/// How and when a dial ended, written by the dialling task and read by the test.
final class DialEnd: Sendable {
    private let ended = Mutex<(error: (any Error)?, at: ManualClock.Instant)?>(nil)
    var value: (error: (any Error)?, at: ManualClock.Instant)? { ended.withLock { $0 } }
    func record(_ error: (any Error)?, at instant: ManualClock.Instant) { ended.withLock { $0 = (error, instant) } }
}
