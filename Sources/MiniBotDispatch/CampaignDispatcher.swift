import Foundation
import Logging
import MiniBotDialer
import Synchronization

/// The durable dialling loop of one campaign (SPEC F2–F5): claim due queue entries,
/// let the pure `DispatchPlanner` decide, journal every compliance check, write the call
/// record, place the call, and store its result with the retry decision.
///
/// Crash safety comes from the order of writes, not from this loop's memory: an entry is
/// claimed (leased) before planning, the call record exists before the phone rings, and
/// the result and retry are written atomically by `CallRepository.finish`. A restarted
/// dispatcher therefore resumes where the database says, and several dispatchers may run
/// against one PostgreSQL (claims skip locked rows).
///
/// ```swift
/// let dispatcher = CampaignDispatcher(campaignID: 7, worker: "host-1", environment: env)
/// let summary = try await dispatcher.run()   // returns when the campaign is done or stopped
/// ```
public final class CampaignDispatcher: Sendable {
    public struct Options: Sendable {
        /// Queue entries claimed per tick.
        public var batchSize = 20
        /// How long a claim or a live call stays this worker's without renewal. Short, so a
        /// killed worker's calls are recovered by the others (or its own restart) quickly.
        public var lease: TimeInterval = 30
        /// How often leases are renewed and expired ones (dead workers') recovered.
        public var renewInterval: TimeInterval = 5
        /// Longest wait between ticks (a finished call or a due retry wakes the loop earlier).
        public var pollInterval: Duration = .milliseconds(200)
        /// Longest sleep while idle: a pause, resume or cancel made by any worker is seen within it.
        public var idleRecheck: Duration = .seconds(1)
        /// The process-wide call limit shared with the worker's other campaigns (nil: the campaign's cap only).
        public var workerBudget: WorkerCallBudget?
        /// Stop once only future work (retries, callbacks, compliance waits) remains, instead of waiting for it.
        public var exitWhenOnlyFutureWork = false
        /// Overrides for this run only (`launch --test-mode`, `--delay`), applied over the stored settings.
        public var testMode: Bool?
        public var delayBetweenCalls: TimeInterval?
        /// Dry runs only: ignore calling hours and public holidays (every other rule still applies),
        /// since the simulated PBX calls nobody.
        public var relaxCallingHours = false
        /// Stop after this many calls placed by this run (`launch --limit`), nil = no limit.
        public var callLimit: Int?

        public init() {}
    }

    public enum Event: Sendable {
        case dialling(phone: String, callUUID: String)
        case finished(CallRecord)
        case refused(phone: String, rule: ComplianceRule, nextAllowed: Date?)
        case idle(String)
    }

    public struct Summary: Sendable, Equatable {
        public var placed = 0
        public var refused = 0
        public var finalStatus: CampaignStatus = .running
        public var stoppedEarly = false

        public init() {}
    }

    let campaignID: Int64
    let worker: String
    let environment: DispatchEnvironment
    let options: Options
    let onEvent: @Sendable (Event) -> Void
    private let stopRequested = Atomic<Bool>(false)
    private let inflight = Atomic<Int>(0)
    let liveCalls = LiveCallTable()

    public init(campaignID: Int64, worker: String, environment: DispatchEnvironment, options: Options = Options(),
                onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.campaignID = campaignID
        self.worker = worker
        self.environment = environment
        self.options = options
        self.onEvent = onEvent
    }

    /// Stops dialling (SIGTERM, `campaign pause` from this process): no new call starts,
    /// live calls finish, then `run` returns.
    public func stopDialling() {
        stopRequested.store(true, ordering: .releasing)
    }

    public var activeCalls: Int { inflight.load(ordering: .acquiring) }

    /// The shutdown deadline passed: every live call of this dispatcher is hung up (its task
    /// cancelled) and closed at once as interrupted by this worker, even if its PBX session does
    /// not return, so `run` returns in bounded time. Implies `stopDialling`.
    public func abandonLiveCalls() {
        stopDialling()
        liveCalls.abandonAll()
    }

    public func run() async throws -> Summary {
        var summary = Summary()
        try await withThrowingDiscardingTaskGroup { group in
            try await loop(summary: &summary, group: &group)
        }
        if let campaign = try await environment.campaigns.campaign(id: campaignID) {
            summary.finalStatus = campaign.status
        }
        return summary
    }

    private func loop(summary: inout Summary, group: inout ThrowingDiscardingTaskGroup<any Error>) async throws {
        let env = environment
        guard var campaign = try await env.campaigns.campaign(id: campaignID).map(withOverrides) else {
            throw DispatchError.unknownCampaign(campaignID)
        }
        var pacer = CallPacer(settings: campaign.settings)
        var startedTotal = try await env.calls.startedCallCount(campaignID: campaignID)
        var lastIdle: String?
        var lastRenewal = Date.distantPast
        loop: while true {
            if stopRequested.load(ordering: .acquiring) {
                summary.stoppedEarly = true
                break
            }
            campaign = try await env.campaigns.campaign(id: campaignID).map(withOverrides) ?? campaign
            if campaign.status == .cancelled || campaign.status == .completed { break }
            if let limit = options.callLimit, summary.placed >= limit {
                summary.stoppedEarly = true
                break
            }
            let now = env.now()
            if now.timeIntervalSince(lastRenewal) >= options.renewInterval {
                try await env.calls.renewLeases(worker: worker, until: now.addingTimeInterval(options.lease))
                let recovered = try await env.calls.recoverExpiredLeases(now: now, campaignID: campaignID)
                if recovered.requeued + recovered.interrupted > 0 {
                    env.logger.notice("recovered entries of a worker whose lease ran out", metadata: [
                        "requeued": "\(recovered.requeued)", "interrupted": "\(recovered.interrupted)",
                    ])
                }
                lastRenewal = now
            }
            let active = inflight.load(ordering: .acquiring)
            // Every worker's live calls count against the campaign's cap; this worker's own
            // budget (all its campaigns) limits what it may start.
            let campaignActive = max(active, try await env.calls.liveCallCount(campaignID: campaignID))
            let workerSlots = options.workerBudget?.freeSlots ?? .max
            var candidates: [DialCandidate] = []
            if campaign.status == .running {
                let room = max(0, min(campaign.settings.maxConcurrentCalls - campaignActive, workerSlots))
                let wanted = min(options.batchSize, options.callLimit.map { max(0, $0 - summary.placed) } ?? .max)
                if room > 0, wanted > 0 {
                    candidates = try await env.calls.claimCandidates(
                        campaignID: campaignID, worker: worker, limit: min(wanted, max(room, 1) * 2),
                        leaseUntil: now.addingTimeInterval(options.lease), now: now)
                }
            }
            let plan = DispatchPlanner(campaign: campaign)
                .plan(activeCalls: campaignActive, callsStarted: startedTotal, candidates: candidates, pacer: &pacer, now: now,
                      workerSlots: workerSlots)
            let journal = plan.complianceEntries(campaignID: campaignID, at: now)
            if !journal.isEmpty { try await env.complianceLog.record(journal) }
            for (candidate, decision) in plan.refused {
                summary.refused += 1
                try await env.calls.release(queueID: candidate.queueID, until: decision.rule?.isPermanent == true ? nil : decision.nextAllowed,
                                            rule: decision.rule)
                if let rule = decision.rule {
                    onEvent(.refused(phone: candidate.contact.phone.e164, rule: rule, nextAllowed: decision.nextAllowed))
                }
            }
            for candidate in plan.deferred {
                try await env.calls.release(queueID: candidate.queueID, until: candidate.dueAt ?? now, rule: nil)
            }
            for candidate in plan.dial {
                let draft = CallRecord(callID: 0, callUUID: CallID(), campaignID: campaignID,
                                       phone: candidate.contact.phone.e164, firstName: candidate.contact.firstName,
                                       status: .inProgress, startedAt: now, retryCount: candidate.retriesSoFar)
                let record: CallRecord
                do {
                    record = try await env.calls.dial(queueID: candidate.queueID, call: draft, checks: checks(for: campaign))
                } catch let refusal as DialRefusal {
                    // Another worker or campaign got there first, or a legal rule now says no.
                    try await refuse(candidate, refusal, summary: &summary, now: now)
                    continue
                } catch {
                    // The claim was lost (lease expired, another worker): never originate then.
                    env.logger.warning("claim lost, not dialling", metadata: ["phone": "\(draft.phone)", "error": "\(error)"])
                    continue
                }
                startedTotal += 1
                summary.placed += 1
                inflight.add(1, ordering: .acquiringAndReleasing)
                options.workerBudget?.begin()
                onEvent(.dialling(phone: record.phone, callUUID: record.callUUID.description))
                let snapshot = campaign
                group.addTask { [self, candidate, record, snapshot] in
                    defer {
                        options.workerBudget?.end()
                        inflight.subtract(1, ordering: .acquiringAndReleasing)
                    }
                    try await complete(candidate, record: record, campaign: snapshot)
                }
            }
            if plan.dial.isEmpty {
                if let reason = plan.idleReason, reason != lastIdle {
                    onEvent(.idle(reason))
                    lastIdle = reason
                }
                switch try await progress(campaign: campaign, now: now) {
                case .drained:
                    if campaign.status == .running {
                        try? await env.campaigns.updateStatus(id: campaignID, from: .running, to: .completed, at: env.now())
                    }
                    break loop
                case .onlyFutureWork:
                    summary.stoppedEarly = true
                    break loop
                case .working:
                    break
                }
            }
            var wakeUp = plan.nextWakeUp
            if plan.dial.isEmpty, inflight.load(ordering: .acquiring) == 0, campaign.status == .running,
               let due = try await env.calls.nextDueAt(campaignID: campaignID, after: now) {
                wakeUp = min(wakeUp ?? due, due)
            }
            // Idle with only future work: sleep until it is due, waking at least every
            // `idleRecheck` to notice pause/cancel; otherwise poll for finished calls.
            let idle = plan.dial.isEmpty && inflight.load(ordering: .acquiring) == 0
            let cap = idle ? options.idleRecheck : options.pollInterval
            let wait = wakeUp.map { Self.duration(until: $0, from: now) } ?? options.pollInterval
            try await env.sleep(min(max(wait, .milliseconds(5)), cap))
        }
        // Live calls finish inside the task group before `run` returns.
    }

    private func withOverrides(_ stored: Campaign) -> Campaign {
        var campaign = stored
        if let testMode = options.testMode { campaign.settings.testMode = testMode }
        if let delay = options.delayBetweenCalls { campaign.settings.delayBetweenCalls = delay }
        if options.relaxCallingHours {
            campaign.compliance.windows = .always
            campaign.compliance.skipPublicHolidays = false
        }
        return campaign
    }

    private enum Progress { case working, drained, onlyFutureWork }

    /// Drained when nothing is queued and nothing is in flight; or (when asked) stop once
    /// only work due later remains — the campaign then stays running for a later launch.
    private func progress(campaign: Campaign, now: Date) async throws -> Progress {
        guard inflight.load(ordering: .acquiring) == 0 else { return .working }
        let stats = try await environment.campaigns.stats(campaignID: campaignID, now: now)
        if stats.pending == 0 && stats.inProgress == 0 { return .drained }
        if options.exitWhenOnlyFutureWork, campaign.status == .running {
            let due = try await environment.calls.claimCandidates(campaignID: campaignID, worker: worker, limit: 1,
                                                                  leaseUntil: now.addingTimeInterval(options.lease), now: now)
            for candidate in due {
                try await environment.calls.release(queueID: candidate.queueID, until: candidate.dueAt ?? now, rule: nil)
            }
            return due.isEmpty ? .onlyFutureWork : .working
        }
        return .working
    }

    static func duration(until date: Date, from now: Date) -> Duration {
        let seconds = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64(min(seconds, 3_600) * 1_000))
    }
}

public enum DispatchError: Error, CustomStringConvertible {
    case unknownCampaign(Int64)

    public var description: String {
        switch self {
        case .unknownCampaign(let id): return "campaign \(id) does not exist"
        }
    }
}
