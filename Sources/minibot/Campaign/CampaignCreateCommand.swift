import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

struct CampaignCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a campaign (status pending).")

    @Option(help: "Campaign name.") var name: String
    @Option(help: "Scenario: a name from scenarios/ or a path.") var scenario: String
    @Option(help: "Simultaneous calls (default $MAX_CONCURRENT_CALLS, else 10).") var maxConcurrent: Int?
    @Option(help: "Calls started per minute at most.") var callsPerMinute: Double?
    @Option(help: "Seconds between two call starts (default $DELAY_BETWEEN_CALLS, else 2).") var delay: Double?
    @Option(help: "Priority (higher first).") var priority: Int = 0
    @Option(help: "Only contacts with these statuses (repeatable; default: all).") var select: [String] = []
    @Option(help: "At most this many contacts.") var limit: Int?
    @Option(help: "Retries after no answer/busy (default $RETRY_MAX_ATTEMPTS, else 2).") var maxRetries: Int?
    @Option(help: "Sector: general or energy_renovation (cold calls banned: contract holders only).") var sector: String = "general"
    @Flag(help: "Print the campaign as JSON.") var json = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        var settings = CampaignSettings()
        settings.maxConcurrentCalls = try maxConcurrent ?? Self.int(environment, "MAX_CONCURRENT_CALLS") ?? 10
        settings.callsPerMinute = callsPerMinute
        settings.delayBetweenCalls = try delay ?? Self.double(environment, "DELAY_BETWEEN_CALLS") ?? 2
        settings.priority = priority
        guard settings.maxConcurrentCalls > 0 else { throw ValidationError("--max-concurrent must be at least 1") }
        var statuses: Set<ContactStatus>?
        for name in select {
            guard let status = ContactStatus(rawValue: name) else {
                throw ValidationError("--select \(name): expected one of \(ContactStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            statuses = (statuses ?? []).union([status])
        }
        settings.selection = ContactSelection(statuses: statuses, limit: limit)
        var compliance = CompliancePolicy.france
        guard let parsedSector = CampaignSector(rawValue: sector) else {
            throw ValidationError("--sector \(sector): expected general or energy_renovation")
        }
        compliance.sector = parsedSector
        var retry = RetryPolicy()
        retry.maxRetries = try maxRetries ?? Self.int(environment, "RETRY_MAX_ATTEMPTS") ?? 2
        let reference = try CampaignLookup.checkedScenario(scenario)
        try await withDatabase(database) { db in
            let campaign = try await CampaignLookup.create(
                Campaign(id: 0, name: name, scenario: reference, settings: settings, compliance: compliance, retry: retry), in: db)
            if json {
                print(try JSONOutput.line(CampaignSummaryJSON(campaign)))
            } else {
                print("campaign \(campaign.id) \"\(campaign.name)\" created (scenario \(campaign.scenario), status \(campaign.status.rawValue))")
            }
        }
    }

    static func int(_ environment: [String: String], _ name: String) throws -> Int? {
        guard let text = environment[name] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("\(name)=\(text): expected a whole number") }
        return value
    }

    static func double(_ environment: [String: String], _ name: String) throws -> Double? {
        guard let text = environment[name] else { return nil }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else { throw ValidationError("\(name)=\(text): expected a number") }
        return value
    }
}

/// The JSON shape of a campaign in `list --json` and `create --json`.
struct CampaignSummaryJSON: Encodable {
    var id: Int64
    var name: String
    var scenario: String
    var status: String
    var maxConcurrentCalls: Int
    var createdAt: Date?
    var startedAt: Date?
    var endedAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, name, scenario, status
        case maxConcurrentCalls = "max_concurrent_calls"
        case createdAt = "created_at", startedAt = "started_at", endedAt = "ended_at"
    }

    init(_ campaign: Campaign) {
        id = campaign.id
        name = campaign.name
        scenario = campaign.scenario
        status = campaign.status.rawValue
        maxConcurrentCalls = campaign.settings.maxConcurrentCalls
        createdAt = campaign.createdAt
        startedAt = campaign.startedAt
        endedAt = campaign.endedAt
    }
}
