import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotServer
import MiniBotStorage

/// One dispatcher run over a line, with live progress and SIGINT/SIGTERM handling
/// (stop dialling, let live calls finish, exit cleanly).
enum CampaignRun {
    static func run(campaign: Campaign, scenario: Scenario, database db: Database, worker: String,
                    options: CampaignDispatcher.Options, line: CallLine, quiet: Bool,
                    logger: Logger = CLILogging.logger,
                    progress: (@Sendable (CampaignDispatcher.Event) -> Void)? = nil) async throws -> CampaignDispatcher.Summary {
        let turns = db.callTurns
        return try await line.with(scenario: scenario, logger: logger, onTurns: { callID, callTurns in
            try? await turns.append(callTurns, callID: callID, firstIndex: 0)
        }) { placer in
            let environment = DispatchEnvironment(contacts: db.contacts, campaigns: db.campaigns, calls: db.calls,
                                                  optOuts: db.optOuts, complianceLog: db.complianceLog, placer: placer,
                                                  logger: logger)
            let dispatcher = CampaignDispatcher(campaignID: campaign.id, worker: worker, environment: environment, options: options) { event in
                if let progress { progress(event) } else if !quiet { print(describe(event)) }
            }
            let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
            let started = Date()
            try await db.workers.register(WorkerStatus(id: worker, host: ProcessInfo.processInfo.hostName,
                                                       pid: Int(ProcessInfo.processInfo.processIdentifier), role: "cli",
                                                       startedAt: started, heartbeatAt: started))
            let summary = try await withThrowingTaskGroup(of: CampaignDispatcher.Summary?.self) { group in
                group.addTask {
                    defer { signals.cancel() }
                    return try await dispatcher.run()
                }
                group.addTask {
                    guard let signal = await signals.next() else { return nil }
                    print("signal \(signal): no new call; waiting for live calls to finish")
                    dispatcher.stopDialling()
                    return nil
                }
                group.addTask {
                    // This worker's row in `workers` (GET /workers on any serve sharing the database).
                    while (try? await Task.sleep(for: .seconds(2))) != nil {
                        try? await db.workers.heartbeat(id: worker, liveCalls: dispatcher.activeCalls, at: Date())
                    }
                    return nil
                }
                var summary: CampaignDispatcher.Summary?
                for try await value in group where value != nil {
                    summary = value
                    group.cancelAll()
                }
                return summary ?? CampaignDispatcher.Summary()
            }
            try? await db.workers.markStopped(id: worker, at: Date())
            return summary
        }
    }

    static func describe(_ event: CampaignDispatcher.Event) -> String {
        switch event {
        case .dialling(let phone, _): return "📞 \(phone) dialling…"
        case .finished(let record):
            let duration = record.durationSeconds.map { String(format: "%.1f s", $0) } ?? "-"
            return "   \(record.phone) → \(record.result?.rawValue ?? "unknown") (\(duration))"
        case .refused(let phone, let rule, let next):
            return "⛔ \(phone) refused by \(rule.rawValue)" + (next.map { ", next allowed \(LocalTimeFormat.iso8601($0, in: TimeZone(identifier: "Europe/Paris")!))" } ?? "")
        case .idle(let reason): return "… \(reason)"
        }
    }

    /// The end-of-run table: calls by result for the whole campaign.
    static func resultsTable(_ stats: CampaignStats, placedNow: Int) -> String {
        var lines = ["", "Campaign \(stats.campaignID) \"\(stats.name)\" — \(stats.status.rawValue)",
                     "  calls placed in this run: \(placedNow); calls completed overall: \(stats.completed); still queued: \(stats.pending)",
                     "  result               calls"]
        for result in MiniBotDialer.CallResult.allCases where stats.count(result) > 0 {
            lines.append("  " + result.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0) + " " + String(stats.count(result)))
        }
        lines.append(String(format: "  conversion (leads / completed): %.1f %%", stats.conversionRate))
        return lines.joined(separator: "\n")
    }
}
