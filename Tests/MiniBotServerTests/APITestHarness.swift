import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MiniBotDialer
import MiniBotServer
import MiniBotStorage

/// A `CampaignControl` that records what the API asked for.
actor FakeCampaignControl: CampaignControl {
    private(set) var launched: [Int64] = []
    private(set) var stopped: [Int64] = []
    private(set) var calls: [(phone: String, scenario: String, variables: [String: String])] = []
    private var running: Set<Int64> = []
    var failLaunch = false

    func setFailLaunch(_ value: Bool) { failLaunch = value }

    func launch(campaignID: Int64) async throws {
        if failLaunch { throw FakeError() }
        launched.append(campaignID)
        running.insert(campaignID)
    }

    func stopDialling(campaignID: Int64) async {
        stopped.append(campaignID)
        running.remove(campaignID)
    }

    func launchCall(phone: String, scenario: String, variables: [String: String]) async throws -> String {
        calls.append((phone, scenario, variables))
        return "test-call-\(calls.count)"
    }

    func runningCampaigns() async -> [Int64] { running.sorted() }

    struct FakeError: Error, CustomStringConvertible { var description: String { "line unavailable" } }
}

/// One server over real HTTP (HummingbirdTesting `.live`, a bound port) with a temporary
/// SQLite database, a scenarios folder holding the shipped `finance_agent`, and an empty
/// recordings folder.
struct APITestHarness: Sendable {
    static let token = "s3cret-token"
    static let auth: HTTPFields = [.authorization: "Bearer \(token)"]
    static let logger: Logger = {
        var logger = Logger(label: "minibot.server.tests")
        logger.logLevel = .critical
        return logger
    }()
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    let db: Database
    let control: FakeCampaignControl
    let root: URL
    let recordings: URL
    let scenarios: URL

    static func run(maximumBodyBytes: Int = 1 << 20, probes: [HealthProbe] = [],
                    _ body: @Sendable (APITestHarness, any TestClientProtocol) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-api-\(UUID().uuidString)")
        let recordings = root.appendingPathComponent("recordings"), scenarios = root.appendingPathComponent("scenarios")
        for folder in [recordings, scenarios] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("scenarios/finance_agent.json"),
                                         to: scenarios.appendingPathComponent("finance_agent.json"))
        let db = try await Database.open(url: .sqliteFile(root.appendingPathComponent("api.sqlite").path), logger: logger)
        let control = FakeCampaignControl()
        let environment = APIEnvironment(
            database: db, control: control, scenariosDirectory: scenarios.path, recordingsDirectory: recordings.path,
            bearerTokens: [token], maximumBodyBytes: maximumBodyBytes, probes: probes,
            performance: { PerformanceSnapshot(activeCalls: 3, reactionMs: .init(count: 10, p50: 410, p95: 700, p99: 800)) },
            metricsText: { "# TYPE minibot_calls_total counter\nminibot_calls_total 7\n" })
        let app = MiniBotAPI.application(environment: environment, host: "127.0.0.1", port: 0, logger: logger)
        let harness = APITestHarness(db: db, control: control, root: root, recordings: recordings, scenarios: scenarios)
        do {
            try await app.test(.live) { client in try await body(harness, client) }
        } catch {
            try? await db.close()
            throw error
        }
        try await db.close()
    }

    /// A campaign with one finished call per entry of `results` (nil = still in progress),
    /// the n-th started `n` minutes after `start`.
    @discardableResult
    func seedCalls(_ results: [CallResult?], start: Date = Date().addingTimeInterval(-3_600), name: String = "Seeded",
                   sentiment: Sentiment? = nil, firstPhone: Int = 0) async throws -> (campaign: Campaign, calls: [CallRecord]) {
        let campaign = try await db.campaigns.create(Campaign(id: 0, name: name, scenario: "finance_agent", status: .running))
        let base = firstPhone
        let phones = results.indices.map { try! PhoneNumber(parsing: String(format: "06%08d", 10_000_000 + base + $0)) }
        _ = try await db.contacts.save(phones.map { Contact(phone: $0, legalBasis: .contract) })
        _ = try await db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: start)
        let claimed = try await db.calls.claimCandidates(campaignID: campaign.id, worker: "test", limit: results.count,
                                                         leaseUntil: start.addingTimeInterval(86_400), now: start)
        var records: [CallRecord] = []
        for (index, candidate) in claimed.sorted(by: { $0.queueID < $1.queueID }).enumerated() {
            let startedAt = start.addingTimeInterval(Double(index) * 60)
            var record = try await db.calls.dial(queueID: candidate.queueID, call: CallRecord(
                callID: 0, callUUID: CallID(), campaignID: campaign.id, phone: candidate.contact.phone.e164,
                status: .inProgress, startedAt: startedAt))
            if let result = results[index] {
                record.result = result
                record.status = result == .failed ? .failed : .completed
                record.durationSeconds = 30
                record.endedAt = startedAt.addingTimeInterval(30)
                record.sentiment = sentiment
                try await db.calls.finish(call: record, queueID: candidate.queueID, next: .final)
            }
            records.append(record)
        }
        return (campaign, records)
    }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: recordings.appendingPathComponent(name))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (an empty one when it is not).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }

    var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (json["error"] as? [String: Any])?["field"] as? String }
}

extension TestClientProtocol {
    func get(_ uri: String, auth: Bool = true) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: auth ? APITestHarness.auth : [:])
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, json: String, auth: Bool = true) async throws -> TestResponse {
        var headers = auth ? APITestHarness.auth : [:]
        headers[.contentType] = "application/json"
        return try await execute(uri: uri, method: method, headers: headers, body: ByteBuffer(string: json))
    }
}
