import Foundation
import MiniBotDialer

/// Totals across every campaign for `GET /stats/summary` and the dashboard's header.
public struct CallSummary: Hashable, Sendable {
    public var total: Int = 0
    public var byStatus: [CallStatus: Int] = [:]
    public var byResult: [CallResult: Int] = [:]
    public var bySentiment: [Sentiment: Int] = [:]
    /// Calls started at or after the `todayStart` given to the query.
    public var today: Int = 0
    public var todayLeads: Int = 0
    /// Mean duration of calls that have one, seconds.
    public var averageDurationSeconds: Double = 0
    /// Calls started per clock hour, oldest first, one entry per hour of the window (zeros included).
    public var perHour: [HourCount] = []

    public init() {}

    /// Leads over finished (completed or failed) calls, percent.
    public var conversionRate: Double {
        let finished = (byStatus[.completed] ?? 0) + (byStatus[.failed] ?? 0)
        return finished > 0 ? Double(byResult[.lead] ?? 0) * 100 / Double(finished) : 0
    }

    public struct HourCount: Hashable, Sendable {
        /// Start of the hour (UTC hour boundary).
        public var hour: Date
        public var calls: Int

        public init(hour: Date, calls: Int) {
            self.hour = hour
            self.calls = calls
        }
    }
}

extension SQLCallRepository {
    /// Aggregates over the whole `calls` table with plain `GROUP BY` (same SQL on SQLite and
    /// PostgreSQL: instants are epoch milliseconds, so an hour bucket is an integer division).
    ///
    /// ```swift
    /// let summary = try await db.calls.summary(now: Date(), todayStart: midnightInParis, hours: 24)
    /// ```
    public func summary(now: Date, todayStart: Date, hours: Int = 24) async throws -> CallSummary {
        var summary = CallSummary()
        var durationSum = 0.0, durationCount = 0
        for row in try await executor.query("""
            SELECT status, result, sentiment, COUNT(*) AS n, COUNT(duration_seconds) AS nd,
                   CAST(COALESCE(SUM(duration_seconds), 0) AS DOUBLE PRECISION) AS sd
            FROM calls GROUP BY status, result, sentiment
            """, [], table: "calls") {
            let n = Int(try row.int("n"))
            summary.total += n
            summary.byStatus[try row.enumValue("status", as: CallStatus.self), default: 0] += n
            if let result = try row.optionalEnum("result", as: CallResult.self) { summary.byResult[result, default: 0] += n }
            if let sentiment = try row.optionalParsed("sentiment", as: Sentiment.self, Sentiment.init(seedName:)) {
                summary.bySentiment[sentiment, default: 0] += n
            }
            durationSum += try row.double("sd")
            durationCount += Int(try row.int("nd"))
        }
        summary.averageDurationSeconds = durationCount > 0 ? durationSum / Double(durationCount) : 0
        if let today = try await executor.query("""
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN result = 'lead' THEN 1 ELSE 0 END), 0) AS leads
            FROM calls WHERE started_at >= ?
            """, [.date(todayStart)], table: "calls").first {
            summary.today = Int(try today.int("n"))
            summary.todayLeads = Int(try today.int("leads"))
        }
        let hourMs: Int64 = 3_600_000
        let window = max(1, hours)
        let currentHour = SQLValue.millis(now) / hourMs
        let firstHour = currentHour - Int64(window - 1)
        var counts: [Int64: Int] = [:]
        for row in try await executor.query("""
            SELECT started_at / \(hourMs) AS h, COUNT(*) AS n FROM calls
            WHERE started_at >= ? AND started_at < ? GROUP BY started_at / \(hourMs)
            """, [.int(firstHour * hourMs), .int((currentHour + 1) * hourMs)], table: "calls") {
            counts[try row.int("h"), default: 0] += Int(try row.int("n"))
        }
        summary.perHour = (firstHour...currentHour).map { hour in
            CallSummary.HourCount(hour: SQLValue.date(millis: hour * hourMs), calls: counts[hour] ?? 0)
        }
        return summary
    }
}
