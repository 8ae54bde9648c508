import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

/// Several workers on one database (SPEC F3 scale-out): the checks `dial` repeats under locks
/// hold for the cluster, recovery goes by lease only, and a call that outlived its lease keeps
/// its real outcome. Two `Database` objects stand for two worker processes (two connections).
@Suite("Dialling from several workers", .timeLimit(.minutes(1)))
struct ClusterDialTests {
    static func claim(_ db: Database, _ campaign: Campaign, worker: String, limit: Int = 10,
                      at now: Date = Fixture.now, lease: TimeInterval = 30) async throws -> [DialCandidate] {
        try await db.calls.claimCandidates(campaignID: campaign.id, worker: worker, limit: limit, leaseUntil: now + lease, now: now)
    }

    static func dial(_ db: Database, _ candidate: DialCandidate, _ campaign: Campaign, checks: DialChecks,
                     at now: Date = Fixture.now) async throws -> CallRecord {
        try await db.calls.dial(queueID: candidate.queueID,
                                call: Fixture.call(campaignID: campaign.id, phone: candidate.contact.phone, at: now),
                                checks: checks)
    }

    @Test("one number in two campaigns: the second worker's dial is refused while the first call is live",
          arguments: Engine.allCases)
    func contactSharedAcrossCampaigns(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let a = try await test.open(), b = try await test.open()
            let first = try await CallRepositoryTests.seed(a, count: 1)
            let second = try await b.campaigns.create(Fixture.campaign())
            _ = try await b.campaigns.enqueue(campaignID: second.id, phones: [Fixture.phone(0)], priority: 0, at: Fixture.now)
            let claimA = try await Self.claim(a, first, worker: "wa")
            let claimB = try await Self.claim(b, second, worker: "wb")
            #expect(claimA.count == 1 && claimB.count == 1, "both campaigns hold the number")
            let live = try await Self.dial(a, claimA[0], first, checks: DialChecks(compliance: first.compliance))
            await #expect(throws: DialRefusal.contactInCall(retryAt: Fixture.now + 60)) {
                _ = try await Self.dial(b, claimB[0], second, checks: DialChecks(compliance: second.compliance))
            }
            try await b.calls.release(queueID: claimB[0].queueID, until: Fixture.now + 60, rule: nil)
            var ended = live
            ended.status = .completed
            ended.result = .notInterested
            ended.endedAt = Fixture.now + 40
            try await a.calls.finish(call: ended, queueID: claimA[0].queueID, next: .final)
            // An hour later the other campaign may not call either: the refusal cool-down is per person.
            let later = Fixture.now + 3_600
            let again = try await Self.claim(b, second, worker: "wb", at: later)
            await #expect(throws: DialRefusal.self) {
                _ = try await Self.dial(b, again[0], second, checks: DialChecks(compliance: second.compliance), at: later)
            }
            #expect(try await b.calls.calls(filter: CallFilter(phone: Fixture.phone(0).e164), limit: nil, offset: 0).count == 1)
            try await a.close()
            try await b.close()
        }
    }

    @Test("an opt-out recorded by another worker after the claim stops the dial", arguments: Engine.allCases)
    func optOutAfterClaim(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let a = try await test.open(), b = try await test.open()
            let campaign = try await CallRepositoryTests.seed(a, count: 1)
            let claimed = try await Self.claim(a, campaign, worker: "wa")
            try await b.optOuts.addOptOut(Fixture.phone(0), at: Fixture.now, source: "call on worker b")
            do {
                _ = try await Self.dial(a, claimed[0], campaign, checks: DialChecks(compliance: campaign.compliance))
                Issue.record("dialled an opted-out contact")
            } catch let refusal as DialRefusal {
                guard case .compliance(let decision) = refusal else {
                    Issue.record("wrong refusal \(refusal)")
                    return
                }
                #expect(decision.rule == .doNotCall)
                #expect(refusal.retryAt == nil, "a permanent rule drops the entry")
            }
            #expect(try await a.calls.startedCallCount(campaignID: campaign.id) == 0)
            try await a.close()
            try await b.close()
        }
    }

    @Test("the campaign's live-call cap and calls per minute hold across workers", arguments: Engine.allCases)
    func campaignCapAndThrottle(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let a = try await test.open(), b = try await test.open()
            let campaign = try await CallRepositoryTests.seed(a, count: 6)
            let fromA = try await Self.claim(a, campaign, worker: "wa", limit: 3, lease: 120)
            let fromB = try await Self.claim(b, campaign, worker: "wb", limit: 3, lease: 120)
            let capped = DialChecks(campaignCap: 3)
            var records: [CallRecord] = []
            for candidate in fromA.prefix(2) { records.append(try await Self.dial(a, candidate, campaign, checks: capped)) }
            records.append(try await Self.dial(b, fromB[0], campaign, checks: capped))
            await #expect(throws: DialRefusal.campaignFull(retryAt: Fixture.now + 1)) {
                _ = try await Self.dial(b, fromB[1], campaign, checks: capped)
            }
            #expect(try await b.calls.liveCallCount(campaignID: campaign.id) == 3)

            // Throttle: 4 starts per minute for the campaign, whoever dials.
            let throttled = DialChecks(callsPerMinute: 4)
            _ = try await Self.dial(b, fromB[1], campaign, checks: throttled, at: Fixture.now + 10)
            do {
                _ = try await Self.dial(a, fromA[2], campaign, checks: throttled, at: Fixture.now + 20)
                Issue.record("a fifth call in the same minute was dialled")
            } catch DialRefusal.throttled(let until) {
                #expect(until == Fixture.now + 60, "the oldest start in the window leaves it at +60 s")
            }
            _ = try await Self.dial(a, fromA[2], campaign, checks: throttled, at: Fixture.now + 61)
            try await a.close()
            try await b.close()
        }
    }

    @Test("recovery takes only expired leases, whatever the name; a worker closes its own at shutdown",
          arguments: Engine.allCases)
    func recoveryByLeaseOnly(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let a = try await test.open(), b = try await test.open()
            let campaign = try await CallRepositoryTests.seed(a, count: 6, maxRetries: 0)
            // Two processes under the SAME name (same host, fixed container hostname): neither may take the other's calls.
            let fromA = try await Self.claim(a, campaign, worker: "host-serve", limit: 2)
            _ = try await Self.dial(a, fromA[0], campaign, checks: .none)
            let fromB = try await Self.claim(b, campaign, worker: "host-serve", limit: 2)
            _ = try await Self.dial(b, fromB[0], campaign, checks: .none)
            #expect(try await b.calls.recoverExpiredLeases(now: Fixture.now + 5) == RecoveryReport())
            #expect(try await a.calls.liveCallCount(campaignID: campaign.id) == 2)
            // A third worker shuts down at its deadline: only its own entries are closed.
            let fromC = try await Self.claim(a, campaign, worker: "wc", limit: 2)
            #expect(fromC.count == 2)
            _ = try await Self.dial(a, fromC[0], campaign, checks: .none)
            let report = try await a.calls.closeInterrupted(worker: "wc", now: Fixture.now + 6)
            #expect(report == RecoveryReport(requeued: 1, interrupted: 1, retriesScheduled: 0))
            #expect(try await a.calls.liveCallCount(campaignID: campaign.id) == 2, "the two host-serve calls are still live")
            try await a.close()
            try await b.close()
        }
    }

    @Test("a call that outlived its lease keeps its real outcome: a lead is not called again", arguments: Engine.allCases)
    func finishAfterRecovery(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let a = try await test.open(), b = try await test.open()
            let campaign = try await CallRepositoryTests.seed(a, count: 1, maxRetries: 2)
            let claimed = try await Self.claim(a, campaign, worker: "frozen")
            let record = try await Self.dial(a, claimed[0], campaign, checks: .none)
            // Worker "frozen" stops renewing (stalled); another worker recovers after the lease.
            let report = try await b.calls.recoverExpiredLeases(now: Fixture.now + 31)
            #expect(report == RecoveryReport(requeued: 0, interrupted: 1, retriesScheduled: 1))
            // The stalled worker wakes up and finishes the call as a lead.
            var ended = record
            ended.status = .completed
            ended.result = .lead
            ended.endedAt = Fixture.now + 45
            try await a.calls.finish(call: ended, queueID: claimed[0].queueID, next: .final)
            #expect(try await a.calls.queueCounts(campaignID: campaign.id) == [.done: 1], "the recovery's retry was withdrawn")
            #expect(try await a.calls.call(id: record.callID)?.result == .lead)
            let retries = try await a.executor.scalarInt("SELECT retries AS n FROM queue WHERE id = ?", [.int(claimed[0].queueID)])
            #expect(retries == 0)
            try await a.close()
            try await b.close()
        }
    }

    @Test("a status change made by one worker is announced to the others at once (PostgreSQL LISTEN/NOTIFY)")
    func campaignChangesAreAnnounced() async throws {
        try await TestDatabase.with(.postgres) { test in
            let a = try await test.open(), b = try await test.open()
            let campaign = try await a.campaigns.create(Fixture.campaign(status: .running))
            #expect(a.announcesCampaignChanges)
            let heard: Int64? = try await withThrowingTaskGroup(of: Int64?.self) { group -> Int64? in
                let (ids, sink) = AsyncStream.makeStream(of: Int64.self)
                group.addTask {
                    try await a.listenForCampaignChanges { sink.yield($0) }
                    return nil
                }
                group.addTask {
                    // Retry until the listener is subscribed (its LISTEN runs on a connection of its own).
                    for _ in 0..<50 {
                        try await Task.sleep(for: .milliseconds(100))
                        let current = try await b.campaigns.campaign(id: campaign.id)?.status ?? .running
                        try await b.campaigns.updateStatus(id: campaign.id, from: current, to: current == .running ? .paused : .running,
                                                           at: Fixture.now)
                    }
                    return nil
                }
                group.addTask {
                    for await id in ids { return id }
                    return nil
                }
                defer { group.cancelAll() }
                while let value = try await group.next() {
                    if let value { return value }
                }
                return nil
            }
            #expect(heard == campaign.id)
            let sqlite = try await TestDatabase.make(.sqlite)!
            let local = try await sqlite.open()
            #expect(!local.announcesCampaignChanges)
            try await local.listenForCampaignChanges { _ in }   // returns at once: callers poll
            try await local.close()
            await sqlite.cleanup()
            try await a.close()
            try await b.close()
        }
    }

    @Test("workers register, beat and stop; a silent one reads as dead", arguments: Engine.allCases)
    func workerRows(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let now = Fixture.now
            try await db.workers.register(WorkerStatus(id: "h-serve-1", host: "h", pid: 10, role: "serve", startedAt: now,
                                                       heartbeatAt: now))
            try await db.workers.register(WorkerStatus(id: "h-cli-2", host: "h", pid: 11, role: "cli", startedAt: now + 1,
                                                       heartbeatAt: now + 1))
            try await db.workers.heartbeat(id: "h-serve-1", liveCalls: 7, at: now + 20)
            try await db.workers.markStopped(id: "h-cli-2", at: now + 21)
            let seen = try await db.workers.workers(seenSince: now)
            #expect(seen.map(\.id) == ["h-cli-2", "h-serve-1"])
            let serve = try #require(seen.last)
            #expect(serve.liveCalls == 7 && serve.isAlive(at: now + 25, staleAfter: 15))
            #expect(!serve.isAlive(at: now + 40, staleAfter: 15), "silent for 20 s")
            #expect(seen.first?.isAlive(at: now + 22, staleAfter: 15) == false, "stopped")
            #expect(try await db.workers.prune(silentBefore: now + 21) == 1)
            try await db.close()
        }
    }
}
