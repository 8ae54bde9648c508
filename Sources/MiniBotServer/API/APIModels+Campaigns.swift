import Foundation
import MiniBotDialer
import MiniBotStorage

/// Pacing knobs a client may set when creating a campaign; absent ones keep the defaults.
struct CampaignSettingsInput: Decodable {
    var maxConcurrentCalls: Int?
    var callsPerMinute: Double?
    var delayBetweenCalls: Double?
    var priority: Int?
    var testMode: Bool?
    var maxRetries: Int?
    var sector: String?
    /// Only contacts whose status is listed (`new`, `no_answer`…).
    var select: [String]?
    var limit: Int?

    enum CodingKeys: String, CodingKey {
        case maxConcurrentCalls = "max_concurrent_calls", callsPerMinute = "calls_per_minute"
        case delayBetweenCalls = "delay_between_calls", priority, testMode = "test_mode", maxRetries = "max_retries"
        case sector, select, limit
    }
}

/// `POST /campaigns` JSON body (seed 002: `name`, `phone_numbers`, `scenario`).
struct CreateCampaignRequest: Decodable {
    var name: String
    var scenario: String
    var phoneNumbers: [String]?
    /// Ids of contacts already stored (`minibot contacts import`), queued as they are.
    var contactIDs: [Int64]?
    /// A contacts CSV inline, imported like an upload.
    var contactsCSV: String?
    var settings: CampaignSettingsInput?

    enum CodingKeys: String, CodingKey {
        case name, scenario, phoneNumbers = "phone_numbers", contactIDs = "contact_ids", contactsCSV = "contacts_csv", settings
    }
}

struct CampaignSettingsJSON: Encodable {
    var maxConcurrentCalls: Int
    var callsPerMinute: Double?
    var delayBetweenCalls: Double
    var priority: Int
    var testMode: Bool
    var maxRetries: Int
    var sector: String

    enum CodingKeys: String, CodingKey {
        case maxConcurrentCalls = "max_concurrent_calls", callsPerMinute = "calls_per_minute"
        case delayBetweenCalls = "delay_between_calls", priority, testMode = "test_mode", maxRetries = "max_retries", sector
    }
}

struct CampaignStatsJSON: Encodable {
    var totalContacts: Int
    var completed: Int
    var inProgress: Int
    var pending: Int
    var results: [String: Int]
    var sentiments: [String: Int]
    var conversionRate: Double
    var averageDurationSeconds: Double
    var callsPerMinute: Double
    var runningSeconds: Double

    enum CodingKeys: String, CodingKey {
        case totalContacts = "total_contacts", completed, inProgress = "in_progress", pending, results, sentiments
        case conversionRate = "conversion_rate", averageDurationSeconds = "average_duration_seconds"
        case callsPerMinute = "calls_per_minute", runningSeconds = "running_seconds"
    }

    init(_ stats: CampaignStats) {
        totalContacts = stats.totalContacts
        completed = stats.completed
        inProgress = stats.inProgress
        pending = stats.pending
        results = Dictionary(uniqueKeysWithValues: CallResult.allCases.map { ($0.rawValue, stats.count($0)) })
        sentiments = Dictionary(uniqueKeysWithValues: Sentiment.allCases.map { ($0.seedName, stats.count($0)) })
        conversionRate = stats.conversionRate
        averageDurationSeconds = stats.averageDurationSeconds
        callsPerMinute = stats.callsPerMinute
        runningSeconds = stats.runningSeconds
    }
}

struct CampaignJSON: Encodable {
    var id: Int64
    var name: String
    var scenario: String
    var status: String
    var createdAt: Date?
    var startedAt: Date?
    var endedAt: Date?
    var settings: CampaignSettingsJSON
    /// Being dialled by this process right now.
    var dialling: Bool?
    var stats: CampaignStatsJSON?
    /// Only in `GET /campaigns/{id}`: why a campaign "running 30/30" still waits.
    var queue: CampaignQueueJSON?
    var complianceRefusals: [String: Int]?

    enum CodingKeys: String, CodingKey {
        case id, name, scenario, status, createdAt = "created_at", startedAt = "started_at", endedAt = "ended_at"
        case settings, dialling, stats, queue, complianceRefusals = "compliance_refusals"
    }

    init(_ campaign: Campaign, dialling: Bool? = nil, stats: CampaignStats? = nil) {
        id = campaign.id
        name = campaign.name
        scenario = campaign.scenario
        status = campaign.status.rawValue
        createdAt = campaign.createdAt
        startedAt = campaign.startedAt
        endedAt = campaign.endedAt
        settings = CampaignSettingsJSON(maxConcurrentCalls: campaign.settings.maxConcurrentCalls,
                                        callsPerMinute: campaign.settings.callsPerMinute,
                                        delayBetweenCalls: campaign.settings.delayBetweenCalls,
                                        priority: campaign.settings.priority, testMode: campaign.settings.testMode,
                                        maxRetries: campaign.retry.maxRetries, sector: campaign.compliance.sector.rawValue)
        self.dialling = dialling
        self.stats = stats.map(CampaignStatsJSON.init)
    }
}

struct CampaignQueueJSON: Encodable {
    var queuedRetries: Int
    var waiting: Int
    var nextDueAt: Date?

    enum CodingKeys: String, CodingKey { case queuedRetries = "queued_retries", waiting, nextDueAt = "next_due_at" }

    init(_ overview: CampaignQueueOverview) {
        queuedRetries = overview.queuedRetries
        waiting = overview.waiting
        nextDueAt = overview.nextDueAt
    }
}

struct CampaignListJSON: Encodable {
    var items: [CampaignJSON]
    var total: Int
}

/// What `POST /campaigns` did: the campaign, the import report (bad rows with their line) and the queue.
struct CreateCampaignResponse: Encodable {
    var campaign: CampaignJSON
    var contacts: ImportJSON
    var queued: Int
}

struct ImportJSON: Encodable {
    var imported: Int
    var duplicates: Int
    var inserted: Int
    var updated: Int
    var invalid: [ImportReport.InvalidRow]
}

/// `PATCH /campaigns/{id}/status` body.
struct CampaignStatusRequest: Decodable {
    var action: String
}
