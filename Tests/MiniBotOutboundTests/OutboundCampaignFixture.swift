import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotSpeech
import MiniBotStorage
import MiniBotTelephony
import MiniBotTestKit
import Synchronization

/// One contact of the shared test campaign: how each line plays it and what it must end as.
struct ScriptedContact: Sendable {
    var national: String
    /// The simulated line's persona (and, for answering callees, the lines the PBX callee says).
    var persona: String
    var freeSwitch: FakeFreeSwitch.Scenario
    var asterisk: FakeARI.Scenario
    var expected: MiniBotDialer.CallResult
    var cause: Int?

    var e164: String { try! PhoneNumber(parsing: national).e164 }

    /// The callee's lines: the persona's spoken turns, so every line hears the same person.
    var lines: [String]? {
        guard case .answers(let persona)? = SimulatedPersonas.contact(named: persona) else { return nil }
        let said = persona.turns.compactMap { turn -> String? in
            if case .say(let text) = turn { return text }
            return nil
        }
        return said.isEmpty ? nil : said
    }
}

/// Virtual calendar time (a Tuesday morning inside the legal calling window) with real, short
/// pauses: the calls themselves run on real sockets, so the dispatcher must not spin.
final class CampaignClock: Sendable {
    private let current: Mutex<Date>

    init() {
        var components = DateComponents(year: 2026, month: 11, day: 24, hour: 9, minute: 30)
        components.timeZone = TimeZone(identifier: "UTC")
        current = Mutex(Calendar(identifier: .gregorian).date(from: components)!)
    }

    func now() -> Date { current.withLock { $0 } }

    func sleep(_ duration: Duration) async throws {
        try await Task.sleep(for: min(duration, .milliseconds(20)))
        let (seconds, attoseconds) = duration.components
        current.withLock { $0 = $0.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18) }
    }
}

enum OutboundCampaignFixture {
    static let contacts = [
        ScriptedContact(national: "0611000001", persona: "interesse", freeSwitch: .answer(machineDetection: "HUMAN"),
                        asterisk: .answer(machineDetection: "HUMAN"), expected: .lead, cause: nil),
        ScriptedContact(national: "0611000017", persona: "occupe", freeSwitch: .busy, asterisk: .busy, expected: .busy, cause: 17),
        ScriptedContact(national: "0611000019", persona: "absent", freeSwitch: .noAnswer, asterisk: .noAnswer,
                        expected: .noAnswer, cause: 19),
        ScriptedContact(national: "0611000099", persona: "invalide", freeSwitch: .unallocated, asterisk: .unallocated,
                        expected: .invalidNumber, cause: 1),
        ScriptedContact(national: "0611000042", persona: "repondeur", freeSwitch: .answer(machineDetection: "MACHINE"),
                        asterisk: .answer(machineDetection: "MACHINE", machineCause: "LONGGREETING-2000-1500"),
                        expected: .answeringMachine, cause: nil),
    ]

    static let logger: Logger = {
        var logger = Logger(label: "minibot.outbound.tests")
        // MINIBOT_TEST_LOG=debug shows the connectors' and the dispatcher's logs.
        logger.logLevel = ProcessInfo.processInfo.environment["MINIBOT_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func scenario() throws -> Scenario {
        try Scenario.load(path: packageRoot.appendingPathComponent("scenarios/rdv_energie.json").path)
    }

    /// Short tone prompts: the real-time parts of a call (AudioSocket pacing) stay brief.
    static let prompts = PromptLibrary(soundsRoot: nil, synthesizer: ToneSynthesizer(millisecondsPerCharacter: 1, minimumMilliseconds: 200),
                                       logger: logger)

    struct Outcome {
        var summary: CampaignDispatcher.Summary
        var calls: [CallRecord]
        var callerTurns: [String: Int]
    }

    /// Runs the campaign of `contacts` through the real ``CampaignDispatcher`` on a fresh SQLite
    /// database, dialling through the line `configuration` selects.
    /// Opens a line for one campaign run: `PBXLine.withLine` by default, or a placer from a line shared
    /// by several campaigns (`SharedPBXLine`).
    typealias LineOpener = @Sendable (Scenario, @escaping @Sendable () -> Date, @escaping @Sendable (Int64, [Turn]) async -> Void,
                                      @escaping @Sendable (any CallPlacer) async throws -> CampaignDispatcher.Summary)
        async throws -> CampaignDispatcher.Summary

    static func run(_ contacts: [ScriptedContact], configuration: PBXConfiguration, options: PBXLine.Options,
                    maxConcurrentCalls: Int = 2, line: LineOpener? = nil) async throws -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-outbound-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try await Database.open(url: .sqliteFile(directory.appendingPathComponent("test.sqlite").path), logger: logger)
        do {
            let opener: LineOpener = line ?? { scenario, now, onTurns, body in
                try await PBXLine.withLine(configuration: configuration, scenario: scenario, options: options, now: now,
                                           onTurns: onTurns, body)
            }
            let outcome = try await run(contacts, database: database, line: opener, maxConcurrentCalls: maxConcurrentCalls)
            try await database.close()
            return outcome
        } catch {
            try? await database.close()
            throw error
        }
    }

    private static func run(_ contacts: [ScriptedContact], database: Database, line: LineOpener,
                            maxConcurrentCalls: Int) async throws -> Outcome {
        let clock = CampaignClock()
        let phones = contacts.map { try! PhoneNumber(parsing: $0.national) }
        _ = try await database.contacts.save(contacts.map {
            Contact(phone: try! PhoneNumber(parsing: $0.national), firstName: "Jean", variables: ["persona": $0.persona],
                    legalBasis: .contract)
        })
        var campaign = Campaign(id: 0, name: "PBX parity", scenario: "rdv_energie", status: .running,
                                settings: CampaignSettings(maxConcurrentCalls: maxConcurrentCalls, delayBetweenCalls: 0),
                                retry: RetryPolicy(maxRetries: 0, noAnswerDelay: 1_800, busyDelay: 300, retryAnsweringMachine: false))
        campaign = try await database.campaigns.create(campaign)
        _ = try await database.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: clock.now())
        let turns = database.callTurns
        let scenario = try scenario()
        let campaignID = campaign.id
        let summary = try await line(scenario, { clock.now() }, { callID, said in
            try? await turns.append(said, callID: callID, firstIndex: 0)
        }) { placer in
            let environment = DispatchEnvironment(
                contacts: database.contacts, campaigns: database.campaigns, calls: database.calls, optOuts: database.optOuts,
                complianceLog: database.complianceLog, placer: placer, now: { clock.now() },
                sleep: { try await clock.sleep($0) }, logger: logger)
            return try await CampaignDispatcher(campaignID: campaignID, worker: "pbx-test", environment: environment).run()
        }
        let calls = try await database.calls.calls(campaignID: campaign.id)
        var callerTurns: [String: Int] = [:]
        for call in calls {
            callerTurns[call.phone] = try await database.callTurns.turns(callID: call.callID).filter { $0.speaker == .caller }.count
        }
        return Outcome(summary: summary, calls: calls, callerTurns: callerTurns)
    }

    /// Options shared by the PBX lines: simulated recognizer fed by the scripted callee, short prompts.
    static func lineOptions(script: SimulatedScript, decorator: @escaping @Sendable (any PBXDialer) -> any PBXDialer) -> PBXLine.Options {
        var options = PBXLine.Options(recognizer: SimulatedRecognizer(script: script))
        options.prompts = prompts
        options.logger = logger
        options.connectTimeout = .seconds(5)
        options.dialerDecorator = decorator
        return options
    }
}
