import ArgumentParser
import Foundation
import Logging
import MiniBotDialer
import MiniBotDispatch
import MiniBotOutbound
import MiniBotServer
import MiniBotStorage
import MiniBotTelephony
import Synchronization

/// `minibot demo`: the whole outbound system on loopback, nothing to install but Swift.
/// A demo workspace with an embedded SQLite database, ~50 contacts with varied personas,
/// a campaign on the shipped finance scenario, every call placed through the simulated PBX
/// over real AudioSocket, then the results table and the export files.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a whole campaign against simulated contacts over loopback AudioSocket (no PBX needed)."
    )

    @Option(help: "Folder for the demo database, contacts, recordings and exports (recreated).") var workspace: String = "demo-workspace"
    @Option(help: "Number of simulated contacts.") var contacts: Int = 50
    @Option(help: "Scenario (name in scenarios/ or a path).") var scenario: String = "finance_agent"

    func run() async throws {
        guard (1...500).contains(contacts) else { throw ValidationError("--contacts must be between 1 and 500") }
        let started = Date()
        let fileManager = FileManager.default
        for item in ["minibot.sqlite", "minibot.sqlite-wal", "minibot.sqlite-shm", "recordings", "exports", "contacts.csv"] {
            try? fileManager.removeItem(atPath: workspace + "/" + item)
        }
        try fileManager.createDirectory(atPath: workspace + "/exports", withIntermediateDirectories: true)
        var (_, loadedScenario) = try ScenarioLocator.load(scenario)
        let transfersLeads = DemoTransfers.transferLeads(of: &loadedScenario, to: Self.demoAgent)
        print("MiniBotPanel demo — workspace \(workspace)/ (SQLite), scenario \(scenario), \(contacts) simulated contacts")
        print("Calls go through the simulated PBX over real AudioSocket on 127.0.0.1; speech is the simulated recognizer.")
        print("Calling hours are relaxed for this dry run (nobody is really called); every other rule applies.\n")

        let csvPath = workspace + "/contacts.csv"
        try Data(DemoContacts.csv(count: contacts).utf8).write(to: URL(fileURLWithPath: csvPath))
        let imported = try ContactImporter().importContacts(from: [UInt8](try Data(contentsOf: URL(fileURLWithPath: csvPath))))
        var options = DatabaseOptions()
        options.url = "sqlite:" + workspace + "/minibot.sqlite"
        try await withDatabase(options) { db in
            _ = try await db.contacts.save(imported.contacts)
            print("contacts import: \(imported.report.imported) imported, \(imported.report.invalid.count) invalid (\(csvPath))")
            var settings = CampaignSettings(maxConcurrentCalls: contacts, delayBetweenCalls: 0)
            settings.priority = 0
            let campaign = try await CampaignLookup.create(
                Campaign(id: 0, name: "Démo renégociation", scenario: scenario, settings: settings, retry: RetryPolicy(maxRetries: 0)),
                in: db)
            let queued = try await CampaignStarter.prepare(campaign, in: db)
            print("campaign \(campaign.id): \(queued) contact(s) queued from the selection")
            var dispatch = CampaignDispatcher.Options()
            dispatch.relaxCallingHours = true
            dispatch.exitWhenOnlyFutureWork = true
            dispatch.batchSize = contacts
            var line = SimulatedLine.Options(recordingsDirectory: workspace + "/recordings", soundsRoot: "sounds")
            line.maximumConcurrentCalls = contacts
            line.agents = SimulatedAgentDesk(agents: [Self.demoAgent: .answers, "technicien": .busy])
            if transfersLeads { print("Leads are transferred live to the simulated agent \"\(Self.demoAgent)\" (result TRANSFERRED).\n") }
            let progress = DemoProgress(total: contacts)
            let summary = try await CampaignRun.run(campaign: campaign, scenario: loadedScenario, database: db, worker: "demo",
                                                       options: dispatch, line: .simulated(line), quiet: false, logger: Self.quietLogger, progress: { progress.handle($0) })
            progress.finish()
            let stats = try await db.campaigns.stats(campaignID: campaign.id, now: Date())
            print(CampaignRun.resultsTable(stats, placedNow: summary.placed))
            let written = try await CampaignExporter.export(campaign, from: db, to: workspace + "/exports")
            print("\nExports:")
            print("  \(written.csv)  (\(written.rows) calls, UTF-8 with BOM, seed 000 columns)")
            print("  \(written.summary)")
            print("  \(workspace)/recordings/  (per call: stereo WAV caller left / bot right, JSON and TXT transcript)")
            print(String(format: "\nDemo finished in %.0f s. Try: minibot campaign monitor 1 --once --database sqlite:%@/minibot.sqlite",
                         Date().timeIntervalSince(started), workspace))
        }
    }
}

extension DemoCommand {
    /// The simulated agent who takes the demo's transferred leads.
    static let demoAgent = "conseiller"

    /// The demo has no recorded prompts on purpose (they are synthesised): keep those warnings out of the show.
    static let quietLogger: Logger = {
        var logger = Logger(label: "minibot.demo")
        logger.logLevel = .error
        return logger
    }()
}

/// A live one-line progress display, or one line per call when stdout is not a terminal.
final class DemoProgress: Sendable {
    private let total: Int
    private let state = Mutex<(dialled: Int, finished: Int, results: [CallResult: Int])>((0, 0, [:]))
    private let isTerminal = isatty(STDOUT_FILENO) != 0

    init(total: Int) { self.total = total }

    func handle(_ event: CampaignDispatcher.Event) {
        let line: String? = state.withLock { state in
            switch event {
            case .dialling:
                state.dialled += 1
            case .finished(let record):
                state.finished += 1
                if let result = record.result { state.results[result, default: 0] += 1 }
                if !isTerminal { return "  call \(state.finished)/\(total): \(record.phone) → \(record.result?.rawValue ?? "?")" }
            case .refused(let phone, let rule, _):
                if !isTerminal { return "  \(phone) refused: \(rule.rawValue)" }
            case .idle:
                return nil
            }
            guard isTerminal else { return nil }
            let width = 30
            let filled = total > 0 ? state.finished * width / total : width
            let leads = (state.results[.lead] ?? 0) + (state.results[.transferred] ?? 0)
            return "\r[" + String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
                + "] \(state.finished)/\(total) calls done, \(state.dialled - state.finished) live, \(leads) lead(s)   "
        }
        if let line {
            print(line, terminator: isTerminal ? "" : "\n")
            fflush(nil)
        }
    }

    func finish() {
        if isTerminal { print("") }
    }
}

/// Generated contacts: French names, contract legal basis, and a persona per row that the
/// simulated PBX plays (leads, objections, refusals, silence, voicemail, busy, no answer,
/// an opt-out, a callback, a hang-up, an invalid number).
enum DemoContacts {
    static let firstNames = ["Jean", "Marie", "Pierre", "Sophie", "Luc", "Camille", "Nicolas", "Julie", "Antoine", "Claire",
                             "Thomas", "Élodie", "Hugo", "Léa", "François", "Inès", "Mathieu", "Chloé", "Olivier", "Anaïs"]
    static let lastNames = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
                            "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier"]
    /// Weighted so a run shows every outcome and a realistic share of leads.
    static let personas = ["interesse", "objection", "refus", "silence", "repondeur", "interesse", "occupe", "absent",
                           "objection", "optout", "rappel", "refus", "raccroche", "hesitant", "interesse", "invalide",
                           "objection", "refus", "repondeur", "interesse"]

    static func csv(count: Int) -> String {
        var lines = ["telephone;prenom;nom;societe;ville;legal_basis;persona"]
        let cities = ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Lille", "Bordeaux", "Nice"]
        for index in 0..<count {
            let persona = personas[index % personas.count]
            // 06 99 xx xx xx is an unassigned-looking demo range; "invalide" gets a syntactically valid number too
            // (the simulated PBX reports it as unallocated, cause 1).
            let phone = String(format: "06 99 %02d %02d %02d", (index / 10_000) % 100, (index / 100) % 100, index % 100)
            lines.append("\(phone);\(firstNames[index % firstNames.count]);\(lastNames[(index * 7) % lastNames.count]);"
                + "Demo SARL;\(cities[index % cities.count]);contract;\(persona)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
