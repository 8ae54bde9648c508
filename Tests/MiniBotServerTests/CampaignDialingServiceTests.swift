import Foundation
import Logging
import MiniBotDialer
import MiniBotDialogue
import MiniBotOutbound
import MiniBotStorage
import Prometheus
import ServiceLifecycle
import Testing
@testable import MiniBotServer

/// The service's dialler over a real SQLite file and the simulated line (real loopback AudioSocket).
@Suite struct CampaignDialingServiceTests {
    @Test func launchedCampaignDialsEveryContactOnceAndStoresTurns() async throws {
        try await ServiceRig.with(personas: ["interesse", "refus", "occupe", "absent", "repondeur", "interesse"]) { rig in
            try await rig.running {
                try await rig.dialing.launch(campaignID: rig.campaign.id)
                try await rig.waitUntil { try await rig.db.campaigns.campaign(id: rig.campaign.id)?.status == .completed }
            }
            let calls = try await rig.db.calls.calls(campaignID: rig.campaign.id)
            #expect(calls.count == 6)
            #expect(Set(calls.map(\.phone)).count == 6, "one call per contact")
            #expect(calls.allSatisfy { $0.status != .inProgress && $0.result != nil })
            let results = Dictionary(grouping: calls, by: { $0.result! }).mapValues(\.count)
            #expect(results[.lead] == 2)
            #expect(results[.busy] == 1)
            #expect(results[.noAnswer] == 1)
            let lead = try #require(calls.first { $0.result == .lead })
            let turns = try await rig.db.callTurns.turns(callID: lead.callID)
            #expect(turns.contains { $0.speaker == .caller } && turns.contains { $0.speaker == .bot })
            let metrics = rig.registry.emitToString()
            #expect(metrics.contains("minibot_dials_total 6"))
            #expect(metrics.contains("minibot_frames_sent_total"))
        }
    }

    @Test func gracefulShutdownLetsLiveCallsFinishAndDialsNoMore() async throws {
        try await ServiceRig.with(personas: Array(repeating: "interesse", count: 12), maxConcurrent: 3, scenario: "quick") { rig in
            let group = ServiceGroup(configuration: .init(services: [rig.dialing], logger: rig.logger))
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await rig.dialing.launch(campaignID: rig.campaign.id)
                try await rig.waitUntil { try await rig.db.calls.activeCallCount(campaignID: rig.campaign.id) >= 2 }
                let startedBeforeShutdown = try await rig.db.calls.startedCallCount(campaignID: rig.campaign.id)
                await group.triggerGracefulShutdown()
                try await tasks.next()
                let calls = try await rig.db.calls.calls(campaignID: rig.campaign.id)
                // At most one dial raced the trigger; none started after live calls ended (they last seconds).
                #expect(calls.count >= startedBeforeShutdown && calls.count <= min(startedBeforeShutdown + 1, 3),
                        "no dial after the shutdown began")
                #expect(calls.allSatisfy { $0.status != .inProgress }, "live calls finished before exit")
                #expect(calls.allSatisfy { $0.result != nil && $0.result != .failed }, "they finished normally, not interrupted")
                let stats = try await rig.db.campaigns.stats(campaignID: rig.campaign.id, now: Date())
                #expect(stats.pending == 12 - calls.count, "undialled contacts stay queued")
                #expect(try await rig.db.campaigns.campaign(id: rig.campaign.id)?.status == .running, "resumes at next start")
            }
            await #expect(throws: ServiceError.self) { try await rig.dialing.launch(campaignID: rig.campaign.id) }
        }
    }

    /// Pause (live calls still finishing) then resume at once, as the dashboard's buttons do.
    @Test func resumeWhilePausedCallsDrainStillFinishesTheCampaign() async throws {
        try await ServiceRig.with(personas: Array(repeating: "refus", count: 6), maxConcurrent: 2, scenario: "quick") { rig in
            try await rig.running {
                try await rig.dialing.launch(campaignID: rig.campaign.id)
                try await rig.waitUntil { try await rig.db.calls.activeCallCount(campaignID: rig.campaign.id) >= 1 }
                try await rig.db.campaigns.updateStatus(id: rig.campaign.id, from: .running, to: .paused, at: Date())
                await rig.dialing.stopDialling(campaignID: rig.campaign.id)
                try await rig.db.campaigns.updateStatus(id: rig.campaign.id, from: .paused, to: .running, at: Date())
                try await rig.dialing.launch(campaignID: rig.campaign.id)
                try await rig.waitUntil { try await rig.db.campaigns.campaign(id: rig.campaign.id)?.status == .completed }
            }
            let calls = try await rig.db.calls.calls(campaignID: rig.campaign.id)
            #expect(calls.count == 6)
            #expect(Set(calls.map(\.phone)).count == 6, "nobody dialled twice")
        }
    }

    @Test func testCallIsStoredAndReturnsItsUUID() async throws {
        try await ServiceRig.with(personas: [], scenario: "quick") { rig in
            try await rig.running {
                let uuid = try await rig.dialing.launchCall(phone: "06 12 34 56 99", scenario: "quick",
                                                            variables: ["persona": "interesse", "legal_basis": "contract"])
                let callID = try #require(CallID(uuid))
                let call = try #require(try await rig.db.calls.call(uuid: callID))
                #expect(call.phone == "+33612345699")
                await #expect(throws: LaunchError.self) {
                    _ = try await rig.dialing.launchCall(phone: "0612345698", scenario: "quick",
                                                         variables: ["legal_basis": "consent"])
                }
                await #expect(throws: (any Error).self) {
                    _ = try await rig.dialing.launchCall(phone: "12", scenario: "quick", variables: [:])
                }
                // No legal basis on file: the dialler refuses (law of 2025), and says which rule.
                await #expect {
                    _ = try await rig.dialing.launchCall(phone: "0612345697", scenario: "quick", variables: ["persona": "interesse"])
                } throws: { error in
                    if case .refused(_, let rule)? = error as? ServiceError { return rule == .noLegalBasis }
                    return false
                }
            }
        }
    }
}

/// A temporary SQLite database with one campaign of simulated contacts and the dialler over it.
struct ServiceRig {
    let db: Database
    let campaign: Campaign
    let dialing: CampaignDialingService
    let registry: PrometheusCollectorRegistry
    let logger: Logger

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// A two-step scenario (greeting, goodbye) for tests about the service rather than the conversation.
    static let quickScenario = """
    {"name": "quick", "start_step": "hello", "steps": {
       "hello": {"message_text": "Bonjour, c'est un test.", "barge_in": true, "timeout": 3,
                 "intent_mapping": {"deny": "bye", "silence": "bye", "*": "bye"}},
       "bye": {"message_text": "Merci, au revoir.", "result": "completed", "barge_in": false}}}
    """

    static func with(personas: [String], maxConcurrent: Int = 6, scenario: String = "rdv_energie",
                     _ body: (ServiceRig) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-service-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var logger = Logger(label: "minibot.service.tests")
        logger.logLevel = .warning
        let db = try await Database.open(url: .sqliteFile(directory.appendingPathComponent("test.sqlite").path), logger: logger)
        let contacts = try personas.enumerated().map { index, persona in
            Contact(phone: try PhoneNumber(parsing: String(format: "06123400%02d", index)), firstName: "Client\(index)",
                    variables: ["persona": persona], legalBasis: .contract)
        }
        _ = try await db.contacts.save(contacts)
        let campaign = try await db.campaigns.create(Campaign(
            id: 0, name: "service test", scenario: "rdv_energie",
            settings: CampaignSettings(maxConcurrentCalls: maxConcurrent, delayBetweenCalls: 0), retry: RetryPolicy(maxRetries: 0)))
        let registry = PrometheusCollectorRegistry()
        let metrics = ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry))
        var line = SimulatedLine.Options(recordingsDirectory: directory.appendingPathComponent("recordings").path)
        line.ringOutMs = 200
        line.observer = metrics
        var options = CampaignDialingService.Options()
        options.dispatcher.relaxCallingHours = true
        options.dispatcher.pollInterval = .milliseconds(20)
        let scenarios = repositoryRoot.appendingPathComponent("scenarios").path
        let quick = directory.appendingPathComponent("quick.json").path
        try Data(quickScenario.utf8).write(to: URL(fileURLWithPath: quick))
        let dialing = CampaignDialingService(
            database: db, line: SimulatedLineProvider(options: line, database: db, logger: logger),
            scenarios: { name in try Scenario.load(path: name == "quick" ? quick : scenarios + "/" + name + ".json") },
            worker: "service-test", options: options, metrics: metrics, logger: logger)
        let rig = ServiceRig(db: db, campaign: campaign, dialing: dialing, registry: registry, logger: logger)
        do {
            try await body(rig)
        } catch {
            try? await db.close()
            throw error
        }
        try? await db.close()
    }

    /// Runs the dialler in a service group around `body`, then shuts it down gracefully.
    func running(_ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [dialing], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.next()
        }
    }

    /// Polls the database (no fixed sleep decides the outcome) for at most 120 s.
    func waitUntil(_ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while try await !condition() {
            guard ContinuousClock.now < deadline else { throw CancellationError() }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
