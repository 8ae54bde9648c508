import Foundation

/// Counters behind the monitor screen, `/stats/summary` and the export summary. Storage
/// fills them with SQL aggregates; `tally(_:)` computes the call-based part from records
/// (tests, small campaigns).
///
/// ```swift
/// var stats = CampaignStats(campaignID: 1, name: "Test Novembre", scenario: "rdv_energie", status: .running)
/// stats.tally(records)
/// ```
public struct CampaignStats: Hashable, Sendable, Codable {
    public var campaignID: Int64
    public var name: String
    public var scenario: String
    public var status: CampaignStatus
    public var startedAt: Date?
    public var totalContacts: Int
    public var completed: Int
    public var inProgress: Int
    public var pending: Int
    public var results: [CallResult: Int]
    public var sentiments: [Sentiment: Int]
    /// Mean duration of completed calls, seconds.
    public var averageDurationSeconds: Double
    /// Time spent running (pauses excluded), seconds: the base of calls per minute.
    public var runningSeconds: Double

    public init(campaignID: Int64, name: String, scenario: String, status: CampaignStatus, startedAt: Date? = nil,
                totalContacts: Int = 0, completed: Int = 0, inProgress: Int = 0, pending: Int = 0,
                results: [CallResult: Int] = [:], sentiments: [Sentiment: Int] = [:],
                averageDurationSeconds: Double = 0, runningSeconds: Double = 0) {
        self.campaignID = campaignID
        self.name = name
        self.scenario = scenario
        self.status = status
        self.startedAt = startedAt
        self.totalContacts = totalContacts
        self.completed = completed
        self.inProgress = inProgress
        self.pending = pending
        self.results = results
        self.sentiments = sentiments
        self.averageDurationSeconds = averageDurationSeconds
        self.runningSeconds = runningSeconds
    }

    public func count(_ result: CallResult) -> Int { results[result] ?? 0 }
    public func count(_ sentiment: Sentiment) -> Int { sentiments[sentiment] ?? 0 }

    /// Leads over completed calls, percent.
    /// Leads, transferred or not, per completed call.
    public var conversionRate: Double { completed > 0 ? Double(count(.lead) + count(.transferred)) * 100 / Double(completed) : 0 }

    /// Completed calls per running minute.
    public var callsPerMinute: Double { runningSeconds > 0 ? Double(completed) * 60 / runningSeconds : 0 }

    /// Fills completed/in-progress counts, results, sentiments and mean duration from call records.
    public mutating func tally(_ records: [CallRecord]) {
        completed = 0
        inProgress = 0
        results = [:]
        sentiments = [:]
        var durationSum = 0.0, durationCount = 0
        for record in records {
            switch record.status {
            case .inProgress: inProgress += 1
            case .pending: break
            case .completed, .failed:
                completed += 1
                if let result = record.result { results[result, default: 0] += 1 }
                if let sentiment = record.sentiment { sentiments[sentiment, default: 0] += 1 }
                if let duration = record.durationSeconds {
                    durationSum += duration
                    durationCount += 1
                }
            }
        }
        averageDurationSeconds = durationCount > 0 ? durationSum / Double(durationCount) : 0
    }
}
