import Foundation
import Logging
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotStorage
import MiniBotTestKit
import ServiceLifecycle
import Synchronization
import Testing
@testable import MiniBotServer

/// A line whose calls never end and ignore cancellation: the worst PBX session there is.
struct HangingLineProvider: CallLineProvider {
    final class Placer: CallPlacer {
        let started = Atomic<Int>(0)
        /// Kept (never resumed) so the calls hang without leaking their continuations.
        let hung = Mutex<[CheckedContinuation<Void, Never>]>([])

        func place(_ candidate: DialCandidate, call: CallRecord, campaign: Campaign) async -> PlacedCall {
            started.add(1, ordering: .relaxed)
            await withCheckedContinuation { continuation in hung.withLock { $0.append(continuation) } }
            return PlacedCall(record: call)
        }
    }

    let placer = Placer()
    var name: String { "hanging" }

    func withPlacer<T: Sendable>(scenario: Scenario, _ body: @escaping @Sendable (any CallPlacer) async throws -> T) async throws -> T {
        try await body(placer)
    }
}

/// Set once, read from another task.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}

/// SIGTERM with calls that will not end: the worker hangs them up at its deadline, closes them
/// as interrupted under its own name, and returns before the service group's limit (which would
/// otherwise crash the process with the calls left open). The deadline runs on a manual clock:
/// the service must still be waiting just before it and return once it passes, with no wall-clock wait.
@Suite(.timeLimit(.minutes(2))) struct DialingShutdownDeadlineTests {
    @Test func liveCallsPastTheDeadlineAreClosedAsInterruptedAndTheServiceReturns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-deadline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "minibot.deadline.tests")
        logger.logLevel = .critical
        let db = try await Database.open(url: .sqliteFile(directory.appendingPathComponent("t.sqlite").path), logger: logger)
        let phones = try (0..<5).map { try PhoneNumber(parsing: String(format: "06123499%02d", $0)) }
        _ = try await db.contacts.save(phones.map { Contact(phone: $0, legalBasis: .contract) })
        let campaign = try await db.campaigns.create(Campaign(
            id: 0, name: "deadline", scenario: "rdv_energie", status: .running,
            settings: CampaignSettings(maxConcurrentCalls: 3, delayBetweenCalls: 0), retry: RetryPolicy(maxRetries: 1)))
        _ = try await db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: Date())
        let line = HangingLineProvider()
        var options = CampaignDialingService.Options()
        options.dispatcher.relaxCallingHours = true
        options.dispatcher.pollInterval = .milliseconds(20)
        options.shutdownDeadline = .milliseconds(500)
        let clock = ManualClock()
        options.clock = clock
        options.watchInterval = .seconds(3_600)  // one wake-up at start joins the campaign; no tick after it
        let scenario = ServiceRig.repositoryRoot.appendingPathComponent("scenarios/rdv_energie.json").path
        let dialing = CampaignDialingService(database: db, line: line, scenarios: { _ in try Scenario.load(path: scenario) },
                                             worker: "deadline-worker", options: options, logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(services: [.init(service: dialing)], logger: logger)
        // Generous group limits: the service must return long before them, by its own deadline
        // (a loaded test machine may delay it by seconds, never by 20).
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(20)
        groupConfiguration.maximumCancellationDuration = .seconds(10)
        let group = ServiceGroup(configuration: groupConfiguration)
        let returned = Flag()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
                returned.set()
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while line.placer.started.load(ordering: .relaxed) < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(line.placer.started.load(ordering: .relaxed) == 3, "three calls should be live before the shutdown")
            let armedAt = clock.now
            await group.triggerGracefulShutdown()
            // The deadline's timer sleeps on the manual clock: wait for it (bounded by the suite's time limit).
            var timer: ManualClock.Instant?
            for await sleep in clock.sleeps where sleep == armedAt.advanced(by: .milliseconds(500)) {
                timer = sleep
                break
            }
            #expect(timer != nil, "the shutdown deadline was armed on the injected clock")
            clock.advance(by: .milliseconds(499))
            let returnedEarly = returned.isSet
            #expect(!returnedEarly, "the calls hang and the deadline has not passed: the service still waits")
            clock.advance(by: .milliseconds(1))
            try await tasks.next()
        }
        let returnedAfter = returned.isSet
        #expect(returnedAfter, "the service returned by its own deadline, before the group's 20 s limit")
        let calls = try await db.calls.calls(campaignID: campaign.id)
        #expect(calls.count == 3, "three calls were live; no dial after the shutdown began")
        #expect(calls.allSatisfy { $0.status == .failed && $0.result == .failed && $0.notes.hasPrefix("interrupted") })
        let counts = try await db.calls.queueCounts(campaignID: campaign.id)
        #expect(counts[.dialling] == nil && counts[.claimed] == nil, "nothing left under the worker's name: \(counts)")
        #expect(counts[.queued] == 5, "the 2 undialled contacts and the 3 interrupted ones (one retry each) are queued")
        let workers = try await db.workers.workers(seenSince: Date().addingTimeInterval(-60))
        #expect(workers.first { $0.id == "deadline-worker" }?.stoppedAt != nil, "the worker row says it stopped")
        try await db.close()
    }
}
