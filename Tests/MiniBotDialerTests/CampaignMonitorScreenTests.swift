import Foundation
import Testing
@testable import MiniBotDialer

@Suite("Campaign monitor screen")
struct CampaignMonitorScreenTests {
    /// Seed 000 §7.1, copied verbatim.
    static let seedScreen = """
        ════════════════════════════════════════════════════════════
        📊 CAMPAIGN MONITOR: Test Novembre (ID: 1)
        ════════════════════════════════════════════════════════════
        Status: running         | Scenario: rdv_energie
        Started: 2025-11-07 10:30:00
        ────────────────────────────────────────────────────────────

        📈 PROGRESS:
          Total contacts:        100
          Completed:              45 ( 45.0%)
          In progress:             5
          Pending:                50

        🎯 RESULTS:
          Leads:                  12 ( 26.7%)
          Not interested:         18
          Callbacks:               5
          No answer:               8
          Answering machines:      2
          Failed:                  0

        ⚡ PERFORMANCE:
          Avg duration:         38.5s
          Conversion rate:      26.7%
          Calls/min:             1.50
          Campaign duration:    0h 30m

        💭 SENTIMENT:
          Positive:               15 ( 33.3%)
          Neutral:                20 ( 44.4%)
          Negative:               10 ( 22.2%)

        ════════════════════════════════════════════════════════════
        Last update: 10:45:23
        Press Ctrl+C to stop monitoring
        ════════════════════════════════════════════════════════════

        """

    @Test("Renders seed 000's example screen character for character")
    func seedExample() {
        let stats = CampaignStats(
            campaignID: 1, name: "Test Novembre", scenario: "rdv_energie", status: .running,
            startedAt: at("2025-11-07T10:30:00+01:00"), totalContacts: 100, completed: 45, inProgress: 5, pending: 50,
            results: [.lead: 12, .notInterested: 18, .callback: 5, .noAnswer: 8, .answeringMachine: 2, .failed: 0],
            sentiments: [.positive: 15, .neutral: 20, .negative: 10],
            averageDurationSeconds: 38.5, runningSeconds: 1800)
        let screen = CampaignMonitorScreen.render(stats, now: at("2025-11-07T10:45:23+01:00"), timeZone: paris)
        #expect(screen == Self.seedScreen)
    }

    @Test("An empty campaign renders zeros without dividing by zero")
    func empty() {
        let stats = CampaignStats(campaignID: 2, name: "Vide", scenario: "s", status: .pending)
        let screen = CampaignMonitorScreen.render(stats, now: at("2026-11-24T10:00:00+01:00"), timeZone: paris)
        #expect(screen.contains("  Completed:               0 (  0.0%)"))
        #expect(screen.contains("  Calls/min:             0.00"))
        #expect(screen.contains("Started: -"))
    }

    @Test("tally counts results, sentiment and mean duration from call records")
    func tally() {
        var stats = CampaignStats(campaignID: 1, name: "n", scenario: "s", status: .running)
        stats.tally([
            CallRecord(callID: 1, callUUID: CallID(), campaignID: 1, phone: "+33612345678", status: .completed, result: .lead,
                       durationSeconds: 40, sentiment: .positive),
            CallRecord(callID: 2, callUUID: CallID(), campaignID: 1, phone: "+33612345679", status: .completed,
                       result: .notInterested, durationSeconds: 20, sentiment: .negative),
            CallRecord(callID: 3, callUUID: CallID(), campaignID: 1, phone: "+33612345670", status: .inProgress),
            CallRecord(callID: 4, callUUID: CallID(), campaignID: 1, phone: "+33612345671", status: .failed, result: .failed),
        ])
        #expect(stats.completed == 3 && stats.inProgress == 1)
        #expect(stats.results == [.lead: 1, .notInterested: 1, .failed: 1])
        #expect(stats.sentiments == [.positive: 1, .negative: 1])
        #expect(stats.averageDurationSeconds == 30)
        #expect(abs(stats.conversionRate - 100.0 / 3) < 1e-9)
    }
}
