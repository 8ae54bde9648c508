import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

/// SPEC F3: several workers share one database; no queue entry is handed to two of them.
@Suite("Concurrent workers", .timeLimit(.minutes(1)))
struct ConcurrentClaimTests {
    static func claimAll(_ db: Database, campaignID: Int64, worker: String) async throws -> [Int64] {
        var ids: [Int64] = []
        while true {
            let batch = try await db.calls.claimCandidates(campaignID: campaignID, worker: worker, limit: 7,
                                                           leaseUntil: Fixture.now + 600, now: Fixture.now)
            if batch.isEmpty { return ids }
            ids += batch.map(\.queueID)
        }
    }

    @Test("two workers claiming in parallel over 300 contacts never claim the same entry", arguments: Engine.allCases)
    func disjointClaims(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let setup = try await test.open()
            let c = try await CallRepositoryTests.seed(setup, count: 300)
            let all = Set(try await setup.executor.query("SELECT id FROM queue").map { try $0.int("id") })
            try await setup.close()
            #expect(all.count == 300)

            let one = try await test.open()
            let two = try await test.open()
            async let first = Self.claimAll(one, campaignID: c.id, worker: "w1")
            async let second = Self.claimAll(two, campaignID: c.id, worker: "w2")
            let (a, b) = try await (first, second)
            #expect(Set(a).count == a.count)
            #expect(Set(b).count == b.count)
            #expect(Set(a).isDisjoint(with: Set(b)))
            #expect(Set(a).union(b) == all)
            let owners = try await one.executor.query("SELECT worker, COUNT(*) AS n FROM queue GROUP BY worker ORDER BY worker")
            #expect(try owners.map { try $0.int("n") }.reduce(0, +) == 300)
            print("\(engine): worker 1 claimed \(a.count), worker 2 claimed \(b.count)")
            try await one.close()
            try await two.close()
        }
    }
}
