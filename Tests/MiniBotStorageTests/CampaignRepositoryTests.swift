import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

@Suite("Campaigns", .timeLimit(.minutes(1)))
struct CampaignRepositoryTests {
    @Test("create assigns ids and round-trips settings, compliance and retry policy", arguments: Engine.allCases)
    func createAndRead(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open(clock: { Fixture.now })
            var campaign = Fixture.campaign(maxRetries: 1, status: .pending)
            campaign.settings = CampaignSettings(maxConcurrentCalls: 3, callsPerMinute: 12, delayBetweenCalls: 4,
                                                 priority: 2, selection: ContactSelection(statuses: [.noAnswer], limit: 500),
                                                 testMode: true)
            campaign.compliance.sector = .energyRenovation
            let a = try await db.campaigns.create(campaign)
            let b = try await db.campaigns.create(Fixture.campaign())
            #expect(a.id > 0)
            #expect(b.id > a.id)
            var expected = campaign
            expected.id = a.id
            expected.createdAt = Fixture.now
            #expect(try await db.campaigns.campaign(id: a.id) == expected)
            #expect(try await db.campaigns.campaigns().map(\.id) == [a.id, b.id])
            #expect(try await db.campaigns.campaign(id: 999) == nil)
            try await db.close()
        }
    }

    @Test("status changes are compare-and-set and stamp start, end and running time", arguments: Engine.allCases)
    func statusTransitions(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await db.campaigns.create(Fixture.campaign(status: .pending))
            let t0 = Fixture.now
            try await db.campaigns.updateStatus(id: c.id, from: .pending, to: .running, at: t0)
            try await db.campaigns.updateStatus(id: c.id, from: .running, to: .paused, at: t0 + 100)
            await #expect(throws: StorageError.statusConflict(campaignID: c.id, expected: "running", actual: "paused")) {
                try await db.campaigns.updateStatus(id: c.id, from: .running, to: .completed, at: t0 + 150)
            }
            try await db.campaigns.updateStatus(id: c.id, from: .paused, to: .running, at: t0 + 1_000)
            let stats = try await db.campaigns.stats(campaignID: c.id, now: t0 + 1_050)
            #expect(stats.runningSeconds == 150)
            try await db.campaigns.updateStatus(id: c.id, from: .running, to: .completed, at: t0 + 1_060)
            let stored = try #require(try await db.campaigns.campaign(id: c.id))
            #expect(stored.status == .completed)
            #expect(stored.startedAt == t0)
            #expect(stored.endedAt == t0 + 1_060)
            #expect(try await db.campaigns.stats(campaignID: c.id, now: t0 + 9_999).runningSeconds == 160)
            try await db.close()
        }
    }

    @Test("enqueue is idempotent per phone and stats count queue and calls", arguments: Engine.allCases)
    func enqueueAndStats(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let c = try await db.campaigns.create(Fixture.campaign())
            let phones = (0..<5).map(Fixture.phone)
            _ = try await db.contacts.save(phones.map { Contact(phone: $0, legalBasis: .contract) })
            #expect(try await db.campaigns.enqueue(campaignID: c.id, phones: phones, priority: 0, at: Fixture.now) == 5)
            #expect(try await db.campaigns.enqueue(campaignID: c.id, phones: phones + [Fixture.phone(9)], priority: 0,
                                                   at: Fixture.now) == 1)
            let claimed = try await db.calls.claimCandidates(campaignID: c.id, worker: "w", limit: 2,
                                                             leaseUntil: Fixture.now + 60, now: Fixture.now)
            var ended = try await db.calls.dial(queueID: claimed[0].queueID,
                                                call: Fixture.call(campaignID: c.id, phone: claimed[0].contact.phone,
                                                                   at: Fixture.now))
            ended.status = .completed
            ended.result = .lead
            ended.sentiment = .positive
            ended.durationSeconds = 40
            try await db.calls.finish(call: ended, queueID: claimed[0].queueID, next: .final)
            _ = try await db.calls.dial(queueID: claimed[1].queueID,
                                        call: Fixture.call(campaignID: c.id, phone: claimed[1].contact.phone,
                                                           at: Fixture.now))
            let stats = try await db.campaigns.stats(campaignID: c.id, now: Fixture.now)
            #expect(stats.totalContacts == 6)
            #expect(stats.pending == 4)
            #expect(stats.completed == 1)
            #expect(stats.inProgress == 1)
            #expect(stats.count(.lead) == 1)
            #expect(stats.count(.positive) == 1)
            #expect(stats.averageDurationSeconds == 40)
            try await db.close()
        }
    }
}
