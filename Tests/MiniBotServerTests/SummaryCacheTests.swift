import Foundation
import Testing
@testable import MiniBotServer

@Suite struct SummaryCacheTests {
    @Test func summaryIsReusedOnlyWhileYoungerThanTheMaximumAge() {
        let cache = SummaryCache()
        let start = Date(timeIntervalSince1970: 1_000)
        let summary = SummaryJSON(totalCalls: 7, byStatus: [:], byResult: [:], bySentiment: [:],
                                  today: .init(calls: 1, leads: 0), conversionRate: 0, averageDurationSeconds: 0,
                                  callsPerHour: [], campaigns: [:])
        #expect(cache.value(at: start, maximumAge: 1) == nil)
        cache.store(summary, at: start)
        #expect(cache.value(at: start.addingTimeInterval(0.5), maximumAge: 1)?.totalCalls == 7)
        #expect(cache.value(at: start.addingTimeInterval(1.0), maximumAge: 1) == nil)
        #expect(cache.value(at: start.addingTimeInterval(-1), maximumAge: 1) == nil, "a clock step back never serves the future")
    }
}
