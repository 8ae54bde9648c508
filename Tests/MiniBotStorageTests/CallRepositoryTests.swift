import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

@Suite("Dial queue and call records", .timeLimit(.minutes(1)))
struct CallRepositoryTests {
    /// A campaign with `count` contacts queued.
    static func seed(_ db: Database, count: Int, maxRetries: Int = 2) async throws -> Campaign {
        let c = try await db.campaigns.create(Fixture.campaign(maxRetries: maxRetries))
        let contacts = (0..<count).map { Fixture.contact($0) }
        _ = try await db.contacts.save(contacts)
        _ = try await db.campaigns.enqueue(campaignID: c.id, phones: contacts.map(\.phone), priority: 0, at: Fixture.now)
        return c
    }

    @Test("claim returns due entries with contact and history; a retry re-queues with a due time", arguments: Engine.allCases)
    func claimDialFinishRetry(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await Self.seed(db, count: 3)
            let now = Fixture.now
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w1", limit: 2, leaseUntil: now + 60,
                                                           now: now)
            #expect(batch.count == 2)
            #expect(batch.map(\.contact.firstName) == ["Prénom0", "Prénom1"])
            #expect(batch.allSatisfy { $0.history == .none && $0.retriesSoFar == 0 })

            let record = try await db.calls.dial(queueID: batch[0].queueID,
                                                 call: Fixture.call(uuid: Fixture.uuid1, campaignID: c.id,
                                                                    phone: batch[0].contact.phone, at: now))
            #expect(record.callID > 0)
            #expect(try await db.calls.call(uuid: Fixture.uuid1) == record)
            #expect(try await db.calls.activeCallCount(campaignID: c.id) == 1)
            // The same entry can not be dialled twice.
            await #expect(throws: StorageError.claimLost(queueID: batch[0].queueID)) {
                _ = try await db.calls.dial(queueID: batch[0].queueID,
                                            call: Fixture.call(uuid: CallID(), campaignID: c.id,
                                                               phone: batch[0].contact.phone, at: now))
            }

            var ended = record
            ended.status = .completed
            ended.result = .noAnswer
            ended.endedAt = now + 30
            ended.hangupCause = 19
            let decision = c.retry.decide(result: .noAnswer, retriesSoFar: batch[0].retriesSoFar, endedAt: now + 30)
            try await db.calls.finish(call: ended, queueID: batch[0].queueID, next: decision)
            #expect(try await db.calls.call(id: record.callID) == ended)
            #expect(try await db.calls.activeCallCount(campaignID: c.id) == 0)

            // Not due yet: the third contact is claimed, the retried one is not.
            let next = try await db.calls.claimCandidates(campaignID: c.id, worker: "w1", limit: 5, leaseUntil: now + 120,
                                                          now: now + 60)
            #expect(next.map(\.contact.phone) == [Fixture.phone(2)])
            #expect(try await db.calls.nextDueAt(campaignID: c.id, after: now + 60) == decision.dueAt)
            // Once due, it comes back as a retry with its history.
            let due = try #require(decision.dueAt)
            let retry = try await db.calls.claimCandidates(campaignID: c.id, worker: "w1", limit: 5, leaseUntil: due + 60,
                                                           now: due)
            #expect(retry.map(\.contact.phone) == [Fixture.phone(0)])
            #expect(retry.first?.retriesSoFar == 1)
            #expect(retry.first?.history.attempts == [CallAttempt(at: now, result: .noAnswer)])
            #expect(try await db.contacts.count(matching: ContactSelection(statuses: [.noAnswer])) == 1)
            try await db.close()
        }
    }

    @Test("an expired lease means the claim is lost: no call row, no dial", arguments: Engine.allCases)
    func expiredLease(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await Self.seed(db, count: 1)
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w1", limit: 1,
                                                           leaseUntil: Fixture.now + 10, now: Fixture.now)
            await #expect(throws: StorageError.self) {
                _ = try await db.calls.dial(queueID: batch[0].queueID,
                                            call: Fixture.call(campaignID: c.id, phone: batch[0].contact.phone,
                                                               at: Fixture.now + 11))
            }
            #expect(try await db.calls.startedCallCount(campaignID: c.id) == 0)
            try await db.close()
        }
    }

    @Test("release re-queues at the rule's time or drops the entry", arguments: Engine.allCases)
    func release(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await Self.seed(db, count: 2)
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 2,
                                                           leaseUntil: Fixture.now + 60, now: Fixture.now)
            try await db.calls.release(queueID: batch[0].queueID, until: Fixture.now + 3_600, rule: .callingHours)
            try await db.calls.release(queueID: batch[1].queueID, until: nil, rule: .oppositionList)
            #expect(try await db.calls.queueCounts(campaignID: c.id) == [.queued: 1, .done: 1])
            #expect(try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 2,
                                                       leaseUntil: Fixture.now + 60, now: Fixture.now).isEmpty)
            let later = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 2,
                                                           leaseUntil: Fixture.now + 7_200, now: Fixture.now + 3_600)
            #expect(later.map(\.queueID) == [batch[0].queueID])
            try await db.close()
        }
    }

    @Test("an opt-out result takes effect at once and shows in the next history", arguments: Engine.allCases)
    func optOutResult(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await Self.seed(db, count: 1)
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 1,
                                                           leaseUntil: Fixture.now + 60, now: Fixture.now)
            var record = try await db.calls.dial(queueID: batch[0].queueID,
                                                 call: Fixture.call(campaignID: c.id, phone: Fixture.phone(0), at: Fixture.now))
            record.status = .completed
            record.result = .optOut
            try await db.calls.finish(call: record, queueID: batch[0].queueID, next: .final)
            #expect(try await db.optOuts.isOptedOut(Fixture.phone(0)))
            let history = try await db.contacts.history(phone: Fixture.phone(0), since: Fixture.now - 86_400)
            #expect(history.optedOut)
            #expect(history.attempts == [CallAttempt(at: Fixture.now, result: .optOut)])
            try await db.close()
        }
    }

    @Test("calls list filters and paginates", arguments: Engine.allCases)
    func callsList(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await Self.seed(db, count: 6)
            let batch = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 6,
                                                           leaseUntil: Fixture.now + 600, now: Fixture.now)
            for (i, candidate) in batch.enumerated() {
                var r = try await db.calls.dial(queueID: candidate.queueID,
                                                call: Fixture.call(campaignID: c.id, phone: candidate.contact.phone,
                                                                   at: Fixture.now + Double(i)))
                r.status = .completed
                r.result = i % 2 == 0 ? .lead : .notInterested
                try await db.calls.finish(call: r, queueID: candidate.queueID, next: .final)
            }
            let leads = try await db.calls.calls(filter: CallFilter(campaignID: c.id, result: .lead), limit: 2, offset: 1)
            #expect(leads.map(\.phone) == [batch[2].contact.phone.e164, batch[4].contact.phone.e164])
            #expect(try await db.calls.callCount(filter: CallFilter(result: .notInterested)) == 3)
            let window = CallFilter(startedFrom: Fixture.now + 1, startedBefore: Fixture.now + 3)
            #expect(try await db.calls.calls(filter: window, limit: nil, offset: 0).count == 2)
            #expect(try await db.calls.calls(campaignID: c.id).count == 6)
            try await db.close()
        }
    }
}
