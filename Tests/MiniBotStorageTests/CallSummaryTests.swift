import Foundation
import MiniBotDialer
import Testing
@testable import MiniBotStorage

@Suite("Call summary aggregates (GET /stats/summary)", .timeLimit(.minutes(1)))
struct CallSummaryTests {
    @Test("totals by status/result/sentiment, today and calls per hour", arguments: Engine.allCases)
    func summary(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let now = Fixture.now
            let campaign = try await CallRepositoryTests.seed(db, count: 4)
            let starts = [now.addingTimeInterval(-30 * 3_600), now.addingTimeInterval(-2 * 3_600),
                          now.addingTimeInterval(-2 * 3_600 + 60), now]
            let results: [CallResult?] = [.noAnswer, .lead, .busy, nil]
            let batch = try await db.calls.claimCandidates(campaignID: campaign.id, worker: "w", limit: 4,
                                                           leaseUntil: now + 86_400, now: now)
            #expect(batch.count == 4)
            for (index, candidate) in batch.enumerated() {
                var record = try await db.calls.dial(queueID: candidate.queueID, call: Fixture.call(
                    uuid: CallID(), campaignID: campaign.id, phone: candidate.contact.phone, at: starts[index]))
                guard let result = results[index] else { continue }
                record.result = result
                record.status = .completed
                record.sentiment = result == .lead ? .positive : .negative
                record.durationSeconds = Double(10 * (index + 1))
                try await db.calls.finish(call: record, queueID: candidate.queueID, next: .final)
            }
            let summary = try await db.calls.summary(now: now, todayStart: now.addingTimeInterval(-3 * 3_600), hours: 24)
            #expect(summary.total == 4)
            #expect(summary.byStatus[.completed] == 3)
            #expect(summary.byStatus[.inProgress] == 1)
            #expect(summary.byResult[.lead] == 1)
            #expect(summary.bySentiment[.negative] == 2)
            #expect(summary.today == 3)
            #expect(summary.todayLeads == 1)
            #expect(summary.averageDurationSeconds == 20)
            #expect(abs(summary.conversionRate - 100.0 / 3) < 0.001)
            #expect(summary.perHour.count == 24)
            #expect(summary.perHour.map(\.calls).reduce(0, +) == 3)
            #expect(summary.perHour.last?.calls == 1)
            #expect(summary.perHour.last.map { $0.hour <= now && now.timeIntervalSince($0.hour) < 3_600 } == true)
            try await db.close()
        }
    }
}
