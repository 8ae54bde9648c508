import Foundation
import Logging
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotStorage
import ServiceLifecycle
import Synchronization

/// The service's dialler: runs one ``CampaignDispatcher`` per running campaign over the
/// configured line, started by the API (``CampaignControl``) or resumed at start-up.
///
/// On graceful shutdown (SIGTERM) it stops every dispatcher from dialling, lets live calls
/// finish and then returns, so the ``ServiceGroup`` exits with nothing lost: campaigns stay
/// `running` in the database and resume at the next start.
/// ```swift
/// let dialing = CampaignDialingService(database: db, line: line, scenarios: locator, worker: "host-serve")
/// let group = ServiceGroup(services: [api, dialing], gracefulShutdownSignals: [.sigterm], logger: logger)
/// ```
public final class CampaignDialingService: Service, CampaignControl {
    public struct Options: Sendable {
        public var dispatcher = CampaignDispatcher.Options()
        /// Join campaigns that are `running` in the database, at start and whenever any worker
        /// starts or resumes one (seen within `watchInterval`).
        public var resumeRunningCampaigns = true
        /// How often the campaigns table is read for changes made by other workers.
        public var watchInterval: Duration = .milliseconds(500)
        /// How often this worker's row in `workers` is refreshed (`GET /workers`).
        public var heartbeatInterval: TimeInterval = 2
        /// After a graceful shutdown begins, live calls still running after this long are hung up
        /// and closed as interrupted, so the process exits within its grace period. nil = wait.
        public var shutdownDeadline: Duration?
        /// Times the shutdown deadline and the watcher's ticks; tests pass a manual clock and move it.
        public var clock: any Clock<Duration> = ContinuousClock()

        public init() {}
    }

    enum Command: Sendable {
        case run(Campaign, Scenario, CampaignDispatcher, LinePlacer)
    }

    let database: Database
    private let line: any CallLineProvider
    let scenarios: @Sendable (String) throws -> Scenario
    let worker: String
    let options: Options
    let metrics: ServiceMetrics?
    let logger: Logger
    private let commands: AsyncStream<Command>
    private let commandSink: AsyncStream<Command>.Continuation
    /// Wakes the watcher: a tick every `watchInterval`, or at once when any worker changes a campaign.
    let wakeups: AsyncStream<Void>
    let wakeupSink: AsyncStream<Void>.Continuation
    /// The campaigns dialling here, and the relaunch rules (``CampaignRuns``).
    let registry = CampaignRegistry()
    /// `POST /calls/launch` requests waiting for their call to start.
    let testCalls = TestCallWaiters()
    /// The shutdown deadline's timer, once armed.
    private let deadline = Mutex<Task<Void, Never>?>(nil)

    /// This process's name in the queue's leases and in `workers`.
    public var workerID: String { worker }

    public init(database: Database, line: any CallLineProvider, scenarios: @escaping @Sendable (String) throws -> Scenario,
                worker: String, options: Options = Options(), metrics: ServiceMetrics? = nil,
                logger: Logger = Logger(label: "minibot.dialing")) {
        self.database = database
        self.line = line
        self.scenarios = scenarios
        self.worker = worker
        self.options = options
        self.metrics = metrics
        self.logger = logger
        (commands, commandSink) = AsyncStream.makeStream(of: Command.self)
        (wakeups, wakeupSink) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func run() async throws {
        let started = Date()
        try await database.workers.register(WorkerStatus(id: worker, host: ProcessInfo.processInfo.hostName,
                                                         pid: Int(ProcessInfo.processInfo.processIdentifier), role: "serve",
                                                         startedAt: started, heartbeatAt: started))
        logger.notice("worker registered", metadata: ["worker": "\(worker)"])
        let recovery = try await database.calls.recoverExpiredLeases(now: Date())
        if recovery.requeued + recovery.interrupted > 0 {
            logger.notice("recovered entries of workers whose lease ran out", metadata: [
                "requeued": "\(recovery.requeued)", "interrupted": "\(recovery.interrupted)",
            ])
        }
        if options.resumeRunningCampaigns {
            // Test calls left running by a crash too (the watcher leaves test calls to their own worker).
            for campaign in try await database.campaigns.campaigns() where campaign.status == .running && campaign.settings.testMode {
                do { try await launch(campaignID: campaign.id) } catch {
                    logger.error("could not resume test call", metadata: ["campaign": "\(campaign.id)", "error": "\(error)"])
                }
            }
        }
        await withDiscardingTaskGroup { background in
            background.addTask { await self.tick() }
            background.addTask { await self.listenForChanges() }
            await withTaskCancellationHandler {
                await withGracefulShutdownHandler {
                    await withDiscardingTaskGroup { group in
                        group.addTask { await self.watch() }
                        for await command in commands {
                            switch command {
                            case .run(let campaign, let scenario, let dispatcher, let placer):
                                group.addTask { await self.drive(campaign, scenario: scenario, dispatcher: dispatcher, placer: placer) }
                            }
                        }
                    }
                } onGracefulShutdown: {
                    self.beginShutdown()
                }
            } onCancel: {
                // The group's own deadline passed: never let a call keep the process alive.
                self.beginShutdown()
                self.registry.abandonLiveCalls()
            }
            background.cancelAll()
        }
        deadline.withLock { $0 }?.cancel()
        // Our own dispatchers have all returned: anything still under this worker's name is a leftover.
        let leftovers = try? await database.calls.closeInterrupted(worker: worker, now: Date())
        if let leftovers, leftovers.requeued + leftovers.interrupted > 0 {
            logger.warning("closed this worker's leftovers at exit", metadata: [
                "requeued": "\(leftovers.requeued)", "interrupted": "\(leftovers.interrupted)",
            ])
        }
        try? await database.workers.markStopped(id: worker, at: Date())
        logger.notice("dialling stopped; live calls finished")
    }

    /// Stops all dialling (graceful shutdown): no new call starts, live calls finish until
    /// `shutdownDeadline`, after which they are hung up and closed as interrupted.
    func beginShutdown() {
        let first = registry.beginShutdown()
        testCalls.close(with: ServiceError.shuttingDown)
        commandSink.finish()
        wakeupSink.finish()
        guard first, let limit = options.shutdownDeadline else { return }
        // A timer, not a child of the run group: the group waits for the calls this must interrupt.
        let clock = options.clock
        let timer = Task { [self] in
            guard (try? await clock.sleep(for: limit)) != nil else { return }
            let live = registry.liveCalls
            if live > 0 {
                logger.warning("shutdown deadline passed: hanging up live calls", metadata: ["calls": "\(live)"])
            }
            registry.abandonLiveCalls()
        }
        deadline.withLock { $0 = timer }
    }

    public func launch(campaignID: Int64) async throws {
        guard let campaign = try await database.campaigns.campaign(id: campaignID) else { throw ServiceError.unknownCampaign(campaignID) }
        let scenario = try scenarios(campaign.scenario)
        try await CampaignStarter.prepare(campaign, in: database)
        let refreshed = try await database.campaigns.campaign(id: campaignID) ?? campaign
        let placer = LinePlacer()
        let dispatcher = CampaignDispatcher(campaignID: campaignID, worker: worker,
                                            environment: environment(placer: placer), options: options.dispatcher) { [weak self] event in
            self?.handle(event, campaignID: campaignID)
        }
        switch registry.launch(campaignID, dispatcher: dispatcher) {
        case .refusedShuttingDown: throw ServiceError.shuttingDown
        case .alreadyRunning: return
        case .start: break
        }
        logger.info("campaign dialling", metadata: ["campaign": "\(campaignID)", "line": "\(line.name)"])
        commandSink.yield(.run(refreshed, scenario, dispatcher, placer))
    }

    public func stopDialling(campaignID: Int64) async {
        registry.stop(campaignID)
    }

    public func runningCampaigns() async -> [Int64] {
        registry.campaignIDs
    }

    // MARK: - Running one campaign

    private func drive(_ campaign: Campaign, scenario: Scenario, dispatcher: CampaignDispatcher, placer: LinePlacer) async {
        var failedAt: Date?
        do {
            let summary = try await line.withPlacer(scenario: scenario) { opened in
                placer.connect(opened)
                return try await dispatcher.run()
            }
            logger.info("campaign run ended", metadata: [
                "campaign": "\(campaign.id)", "placed": "\(summary.placed)", "status": "\(summary.finalStatus.rawValue)",
            ])
        } catch {
            logger.error("campaign run failed", metadata: ["campaign": "\(campaign.id)", "error": "\(error)"])
            failedAt = Date()
        }
        let relaunch = registry.runEnded(campaign.id, failedAt: failedAt)
        testCalls.resume(campaign.id, with: .failure(ServiceError.noCallPlaced(campaign.id)))
        if relaunch {
            do { try await launch(campaignID: campaign.id) } catch {
                logger.error("could not resume campaign", metadata: ["campaign": "\(campaign.id)", "error": "\(error)"])
            }
        }
    }

    private func environment(placer: any CallPlacer) -> DispatchEnvironment {
        DispatchEnvironment(contacts: database.contacts, campaigns: database.campaigns, calls: database.calls,
                            optOuts: database.optOuts, complianceLog: database.complianceLog, placer: placer, logger: logger)
    }

    private func handle(_ event: CampaignDispatcher.Event, campaignID: Int64) {
        metrics?.record(event)
        answerTestCall(event, campaignID: campaignID)
    }
}

/// A test-call request the dialler cannot accept, naming the field.
public enum LaunchError: Error, CustomStringConvertible {
    case invalid(field: String, reason: String)
    public var description: String {
        switch self {
        case .invalid(let field, let reason): "\(field): \(reason)"
        }
    }
}

/// Why the dialler refused or could not do what was asked.
public enum ServiceError: Error, CustomStringConvertible {
    case unknownCampaign(Int64)
    case shuttingDown
    case refused(phone: String, rule: ComplianceRule)
    case noCallPlaced(Int64)

    public var description: String {
        switch self {
        case .unknownCampaign(let id): "no campaign \(id)"
        case .shuttingDown: "the service is shutting down: no new call"
        case .refused(let phone, let rule): "\(phone) may not be called now: \(rule.rawValue)"
        case .noCallPlaced(let id): "campaign \(id) ended without placing the call"
        }
    }
}

/// The dispatcher is built before its campaign's line opens (so SIGTERM and pause can reach it
/// at once); this placer forwards to the line once connected.
final class LinePlacer: CallPlacer {
    private let target = Mutex<(any CallPlacer)?>(nil)

    func connect(_ placer: any CallPlacer) {
        target.withLock { $0 = placer }
    }

    func place(_ candidate: DialCandidate, call: CallRecord, campaign: Campaign) async -> PlacedCall {
        guard let placer = target.withLock({ $0 }) else {
            var record = call
            record.status = .failed
            record.result = .failed
            record.notes = "line not open"
            return PlacedCall(record: record)
        }
        return await placer.place(candidate, call: call, campaign: campaign)
    }
}
