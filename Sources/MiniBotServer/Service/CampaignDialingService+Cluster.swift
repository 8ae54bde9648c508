import Foundation
import MiniBotStorage

/// How one worker keeps up with the others sharing the database: wake-ups (a tick, or a
/// PostgreSQL notification), joining campaigns started anywhere, and its heartbeat row.
extension CampaignDialingService {
    /// Joins campaigns any worker started or resumed, and keeps this worker's heartbeat: at every
    /// wake-up (a tick, or a change announced by the database) until the shutdown ends the stream.
    func watch() async {
        var lastHeartbeat = Date.distantPast
        for await _ in wakeups {
            if registry.isShuttingDown { break }
            let now = Date()
            if now.timeIntervalSince(lastHeartbeat) >= options.heartbeatInterval {
                lastHeartbeat = now
                await heartbeat(now: now)
            }
            if options.resumeRunningCampaigns {
                await joinRunningCampaigns(now: now)
            }
        }
    }

    /// The polling fall-back: one wake-up per `watchInterval`, whatever the database announces.
    func tick() async {
        wakeupSink.yield()
        while (try? await options.clock.sleep(for: options.watchInterval)) != nil {
            wakeupSink.yield()
        }
    }

    /// PostgreSQL `LISTEN`: a campaign started, paused or resumed by any worker wakes this one at
    /// once. Reconnects after a dropped connection; returns on SQLite (nothing to listen to).
    func listenForChanges() async {
        guard database.announcesCampaignChanges else { return }
        while !Task.isCancelled {
            do {
                try await database.listenForCampaignChanges { [wakeupSink] _ in wakeupSink.yield() }
            } catch {
                logger.warning("campaign change notifications lost; polling until they are back", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(5))
        }
    }

    func heartbeat(now: Date) async {
        let live = options.dispatcher.workerBudget?.liveCalls
            ?? registry.liveCalls
        do {
            try await database.workers.heartbeat(id: worker, liveCalls: live, at: now)
            if let metrics {
                metrics.recordWorkers(try await database.workers.workers(seenSince: now.addingTimeInterval(-3_600)), now: now)
            }
        } catch {
            logger.warning("worker heartbeat failed", metadata: ["error": "\(error)"])
        }
    }

    func joinRunningCampaigns(now: Date) async {
        let running: [Int64]
        do { running = try await database.campaigns.runningCampaignIDs() } catch {
            logger.warning("could not read campaigns", metadata: ["error": "\(error)"])
            return
        }
        for id in running {
            guard registry.shouldJoin(id, now: now) else { continue }
            do {
                try await launch(campaignID: id)
            } catch {
                registry.launchFailed(id, at: now)
                logger.error("could not join running campaign", metadata: ["campaign": "\(id)", "error": "\(error)"])
            }
        }
    }
}
