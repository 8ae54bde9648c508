import Foundation
import Synchronization
import Hummingbird
import MiniBotDialer
import MiniBotStorage

struct SummaryJSON: Encodable {
    struct Today: Encodable {
        var calls: Int
        var leads: Int
    }

    struct Hour: Encodable {
        var hour: Date
        var calls: Int
    }

    var totalCalls: Int
    var byStatus: [String: Int]
    var byResult: [String: Int]
    var bySentiment: [String: Int]
    var today: Today
    var conversionRate: Double
    var averageDurationSeconds: Double
    var callsPerHour: [Hour]
    var campaigns: [String: Int]

    enum CodingKeys: String, CodingKey {
        case totalCalls = "total_calls", byStatus = "by_status", byResult = "by_result", bySentiment = "by_sentiment"
        case today, conversionRate = "conversion_rate", averageDurationSeconds = "average_duration_seconds"
        case callsPerHour = "calls_per_hour", campaigns
    }
}

struct PerformanceJSON: Encodable {
    struct Latency: Encodable {
        var count: Int
        var p50: Double?
        var p95: Double?
        var p99: Double?

        init(_ latency: PerformanceSnapshot.Latency) {
            count = latency.count
            p50 = latency.p50
            p95 = latency.p95
            p99 = latency.p99
        }
    }

    var activeCalls: Int
    var recognitionMs: Latency
    var nluMs: Latency
    var reactionMs: Latency
    var framesSent: Int
    var framesLate: Int
    var inboundRefused: Int
    var inboundCapacity: Int?

    enum CodingKeys: String, CodingKey {
        case activeCalls = "active_calls", recognitionMs = "recognition_ms", nluMs = "nlu_ms", reactionMs = "reaction_ms"
        case framesSent = "frames_sent", framesLate = "frames_late"
        case inboundRefused = "inbound_refused", inboundCapacity = "inbound_capacity"
    }

    init(_ snapshot: PerformanceSnapshot) {
        activeCalls = snapshot.activeCalls
        recognitionMs = Latency(snapshot.recognitionMs)
        nluMs = Latency(snapshot.nluMs)
        reactionMs = Latency(snapshot.reactionMs)
        framesSent = snapshot.framesSent
        framesLate = snapshot.framesLate
        inboundRefused = snapshot.inboundRefused
        inboundCapacity = snapshot.inboundCapacity
    }
}

/// `GET /stats/summary`: every campaign's calls by status, result and sentiment, today's
/// calls (Paris day), conversion, and calls per hour over the last 24 hours.
extension APIHandlers {
    func statsSummary(now: Date = Date()) async throws -> Response {
        APIResponse.json(try await summaryJSON(now: now))
    }

    func summaryJSON(now: Date = Date()) async throws -> SummaryJSON {
        let maximumAge = environment.summaryMaximumAge
        if maximumAge > 0, let cached = summaryCache.value(at: now, maximumAge: maximumAge) { return cached }
        let fresh = try await computeSummary(now: now)
        if maximumAge > 0 { summaryCache.store(fresh, at: now) }
        return fresh
    }

    private func computeSummary(now: Date) async throws -> SummaryJSON {
        let summary = try await database.calls.summary(now: now, todayStart: APIDates.startOfDay(now), hours: 24)
        var campaigns = Dictionary(uniqueKeysWithValues: CampaignStatus.allCases.map { ($0.rawValue, 0) })
        for campaign in try await database.campaigns.campaigns() { campaigns[campaign.status.rawValue, default: 0] += 1 }
        let body = SummaryJSON(
            totalCalls: summary.total,
            byStatus: Dictionary(uniqueKeysWithValues: CallStatus.allCases.map { ($0.rawValue, summary.byStatus[$0] ?? 0) }),
            byResult: Dictionary(uniqueKeysWithValues: CallResult.allCases.map { ($0.rawValue, summary.byResult[$0] ?? 0) }),
            bySentiment: Dictionary(uniqueKeysWithValues: Sentiment.allCases.map { ($0.seedName, summary.bySentiment[$0] ?? 0) }),
            today: SummaryJSON.Today(calls: summary.today, leads: summary.todayLeads),
            conversionRate: summary.conversionRate, averageDurationSeconds: summary.averageDurationSeconds,
            callsPerHour: summary.perHour.map { SummaryJSON.Hour(hour: $0.hour, calls: $0.calls) }, campaigns: campaigns)
        return body
    }
}

/// The last summary and when it was computed: under load (dashboards polling, monitoring
/// scraping) the GROUP BY queries run once per interval instead of once per request.
final class SummaryCache: Sendable {
    private let entry = Mutex<(at: Date, summary: SummaryJSON)?>(nil)

    func value(at now: Date, maximumAge: TimeInterval) -> SummaryJSON? {
        entry.withLock { entry in
            guard let entry, now.timeIntervalSince(entry.at) < maximumAge, now >= entry.at else { return nil }
            return entry.summary
        }
    }

    func store(_ summary: SummaryJSON, at now: Date) {
        entry.withLock { $0 = (now, summary) }
    }
}
