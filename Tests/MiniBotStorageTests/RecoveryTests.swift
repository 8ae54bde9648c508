import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

/// SPEC F3: after a crash, a restart loses no contact and dials none twice.
@Suite("Crash recovery", .timeLimit(.minutes(1)))
struct RecoveryTests {
    struct Scenario: Sendable, CustomStringConvertible {
        let engine: Engine
        let maxRetries: Int
        var description: String { "\(engine), maxRetries \(maxRetries)" }
    }

    static let scenarios = Engine.allCases.flatMap { e in [0, 2].map { Scenario(engine: e, maxRetries: $0) } }

    /// Dials everything claimable until the queue is drained, advancing time to each due retry.
    static func drain(_ db: Database, campaignID: Int64, worker: String, from start: Date) async throws {
        var now = start
        for _ in 0..<100 {
            let batch = try await db.calls.claimCandidates(campaignID: campaignID, worker: worker, limit: 4,
                                                           leaseUntil: now + 60, now: now)
            if batch.isEmpty {
                guard let due = try await db.calls.nextDueAt(campaignID: campaignID, after: now) else { return }
                now = due
                continue
            }
            for candidate in batch {
                var record = try await db.calls.dial(queueID: candidate.queueID,
                                                     call: Fixture.call(campaignID: campaignID,
                                                                        phone: candidate.contact.phone, at: now))
                record.status = .completed
                record.result = .lead
                record.endedAt = now + 20
                try await db.calls.finish(call: record, queueID: candidate.queueID, next: .final)
            }
        }
        Issue.record("queue did not drain")
    }

    @Test("a crash mid-campaign: reopen, recover, finish — every contact has one final outcome, no attempt twice",
          arguments: scenarios)
    func crashAndRecover(scenario: Scenario) async throws {
        try await TestDatabase.with(scenario.engine) { test in
            let now = Fixture.now
            let first = try await test.open()
            let c = try await CallRepositoryTests.seed(first, count: 20, maxRetries: scenario.maxRetries)
            let claimed = try await first.calls.claimCandidates(campaignID: c.id, worker: "host-a", limit: 10,
                                                                leaseUntil: now + 60, now: now)
            #expect(claimed.count == 10)
            var dialling: [DialCandidate] = []
            for candidate in claimed.prefix(5) {
                let record = try await first.calls.dial(queueID: candidate.queueID,
                                                        call: Fixture.call(campaignID: c.id,
                                                                           phone: candidate.contact.phone, at: now))
                dialling.append(candidate)
                if dialling.count <= 2 {
                    var ended = record
                    ended.status = .completed
                    ended.result = .lead
                    try await first.calls.finish(call: ended, queueID: candidate.queueID, next: .final)
                }
            }
            // The process dies in the middle of a transaction: nothing of it may survive.
            try await first.executor.execute(scenario.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
            try await first.executor.execute("UPDATE queue SET state = 'done'")
            try await first.executor.execute("DELETE FROM calls")
            try await first.close()

            // A restart (a new worker name) while the dead worker's leases still run: nothing is touched
            // (the name proves nothing: another live process may hold it); once they expire, all is repaired.
            let second = try await test.open()
            #expect(try await second.calls.startedCallCount(campaignID: c.id) == 5)
            #expect(try await second.calls.recoverExpiredLeases(now: now + 5) == RecoveryReport())
            let report = try await second.calls.recoverExpiredLeases(now: now + 61)
            #expect(report == RecoveryReport(requeued: 5, interrupted: 3,
                                             retriesScheduled: scenario.maxRetries > 0 ? 3 : 0))
            let interruptedIDs = Set(dialling.suffix(3).map(\.queueID))
            for candidate in dialling.suffix(3) {
                let calls = try await second.calls.calls(filter: CallFilter(phone: candidate.contact.phone.e164),
                                                         limit: nil, offset: 0)
                #expect(calls.count == 1)
                #expect(calls.first?.status == .failed)
                #expect(calls.first?.result == .failed)
                #expect(calls.first?.endedAt == now + 61)
            }
            let reasons = try await second.executor.query("SELECT DISTINCT hangup_reason FROM calls WHERE status = 'FAILED'")
            #expect(try reasons.map { try $0.string("hangup_reason") } == ["interrupted"])
            // Recovery is idempotent.
            #expect(try await second.calls.recoverExpiredLeases(now: now + 62) == RecoveryReport())

            try await Self.drain(second, campaignID: c.id, worker: "host-b", from: now + 61)
            #expect(try await second.calls.queueCounts(campaignID: c.id) == [.done: 20])

            let rows = try await second.executor.query("SELECT queue_id, attempt, result, status FROM calls ORDER BY id")
            var chains: [Int64: [(attempt: Int64, result: String)]] = [:]
            for row in rows {
                chains[try row.int("queue_id"), default: []].append((try row.int("attempt"), try row.string("result")))
            }
            #expect(chains.count == 20, "every contact was called")
            for (queueID, chain) in chains {
                #expect(Set(chain.map(\.attempt)).count == chain.count, "attempt dialled twice for entry \(queueID)")
                #expect(chain.map(\.attempt) == Array(1...Int64(chain.count)))
                if interruptedIDs.contains(queueID) {
                    #expect(chain.first?.result == "failed")
                    #expect(chain.count == (scenario.maxRetries > 0 ? 2 : 1))
                    if scenario.maxRetries > 0 { #expect(chain.last?.result == "lead") }
                } else {
                    #expect(chain.map(\.result) == ["lead"], "entry \(queueID) dialled \(chain.count) times")
                }
            }
            try await second.close()
        }
    }

    @Test("another worker's live claims are left alone until their lease ends", arguments: Engine.allCases)
    func liveLeasesRespected(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let now = Fixture.now
            let a = try await test.open()
            let b = try await test.open()
            let c = try await CallRepositoryTests.seed(a, count: 3)
            let claimed = try await a.calls.claimCandidates(campaignID: c.id, worker: "host-a", limit: 3,
                                                            leaseUntil: now + 60, now: now)
            _ = try await a.calls.dial(queueID: claimed[0].queueID,
                                       call: Fixture.call(campaignID: c.id, phone: claimed[0].contact.phone, at: now))
            #expect(try await b.calls.recoverExpiredLeases(now: now + 30) == RecoveryReport())
            #expect(try await a.calls.renewLeases(worker: "host-a", until: now + 120) == 3)
            #expect(try await b.calls.recoverExpiredLeases(now: now + 90) == RecoveryReport())
            let report = try await b.calls.recoverExpiredLeases(now: now + 121)
            #expect(report == RecoveryReport(requeued: 2, interrupted: 1, retriesScheduled: 1))
            // host-a's late markDialling of a recovered entry is refused: it will not dial it.
            await #expect(throws: StorageError.claimLost(queueID: claimed[1].queueID)) {
                _ = try await a.calls.dial(queueID: claimed[1].queueID,
                                           call: Fixture.call(campaignID: c.id, phone: claimed[1].contact.phone,
                                                              at: now + 122))
            }
            try await a.close()
            try await b.close()
        }
    }
}
