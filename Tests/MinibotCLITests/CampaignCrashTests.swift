import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage
import Testing

/// SPEC F3 end to end: a dry-run campaign's dialler process is killed with SIGKILL mid-way
/// and relaunched; every contact ends with exactly one outcome chain and no attempt is dialled twice.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct CampaignCrashTests {
    /// Two steps, a few seconds per call, so 200 calls fit in a test.
    static let quickScenario = """
    {"metadata": {"name": "quick", "start_step": "hello"},
     "steps": {
       "hello": {"message_text": "Bonjour, c'est un test.", "barge_in": true, "timeout": 3,
                 "intent_mapping": {"deny": "bye", "silence": "bye", "*": "bye"}},
       "bye": {"message_text": "Merci, au revoir.", "result": "completed", "barge_in": false}}}
    """

    static func makeCampaign(in dir: TemporaryDirectory, database: String, contacts: Int, block: Int,
                             maxConcurrent: Int = 40) throws -> Int64 {
        try Data(quickScenario.utf8).write(to: dir.url.appendingPathComponent("quick.json"))
        let personas = ["interesse", "interesse", "refus", "occupe", "absent", "interesse", "optout", "interesse"]
        var csv = "telephone;prenom;legal_basis;persona\n"
        for index in 0..<contacts {
            csv += String(format: "07 %02d %02d %02d %02d;P%d;contract;%@\n", block / 100 % 100, block % 100, index / 100, index % 100,
                          index, personas[index % personas.count])
        }
        try Data(csv.utf8).write(to: dir.url.appendingPathComponent("contacts.csv"))
        let name = "crash-\(block)"
        let created = try Minibot.run(["campaign", "create", "--name", name, "--scenario", dir.path("quick.json"),
                                       "--max-concurrent", String(maxConcurrent), "--delay", "0", "--max-retries", "0", "--json",
                                       "--database", database])
        #expect(created.status == 0, "\(created.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? Int)
        let imported = try Minibot.run(["contacts", "import", dir.path("contacts.csv"), "--campaign", name, "--database", database])
        #expect(imported.status == 0, "\(imported.stderr)")
        return Int64(id)
    }

    static func launch(_ id: Int64, database: String, dir: TemporaryDirectory) throws -> Process {
        let process = Process()
        process.executableURL = Minibot.executable
        process.arguments = ["campaign", "launch", String(id), "--dry-run", "--ignore-calling-hours", "--quiet",
                             "--worker", "crash-test", "--recordings", dir.path("recordings"), "--database", database]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test(arguments: ["sqlite", "postgres"])
    func killedMidCampaignResumesWithoutLossOrDuplicate(engine: String) async throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let database: String
        if engine == "sqlite" {
            database = "sqlite:" + dir.path("crash.sqlite")
        } else {
            guard let url = ProcessInfo.processInfo.environment["MINIBOT_TEST_POSTGRES_URL"], !url.isEmpty else {
                print("⚠️ PostgreSQL variant skipped: MINIBOT_TEST_POSTGRES_URL is unset")
                return
            }
            database = url
        }
        let contacts = 200
        let id = try Self.makeCampaign(in: dir, database: database, contacts: contacts, block: Int.random(in: 0..<10_000))
        var logger = Logger(label: "crash-test")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        defer { Task { try? await db.close() } }

        let first = try Self.launch(id, database: database, dir: dir)
        // Wait until a good part of the campaign is done, then kill -9 in the middle of live calls.
        let deadline = Date().addingTimeInterval(120)
        while try await db.calls.calls(campaignID: id).filter({ $0.status != .inProgress }).count < 60, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        let atCrash = try await db.calls.calls(campaignID: id)
        #expect(atCrash.contains { $0.status == .inProgress }, "the kill should interrupt live calls")
        #expect(atCrash.count < contacts, "the kill came too late to test anything")

        let second = try Self.launch(id, database: database, dir: dir)
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)

        let calls = try await db.calls.calls(campaignID: id)
        let byPhone = Dictionary(grouping: calls, by: \.phone)
        #expect(byPhone.count == contacts, "every contact was called")
        #expect(calls.allSatisfy { $0.status != .inProgress }, "no call left open")
        for (phone, chain) in byPhone {
            // max retries 0: one attempt each; an interrupted attempt is closed as failed, never redialled.
            #expect(chain.count == 1, "\(phone) dialled \(chain.count) times")
            #expect(chain.first?.result != nil)
        }
        let interrupted = calls.filter { $0.result == .failed }
        #expect(!interrupted.isEmpty, "the killed run's live calls are recorded as interrupted")
        let counts = try await db.calls.queueCounts(campaignID: id)
        #expect((counts[.claimed] ?? 0) == 0 && (counts[.dialling] ?? 0) == 0 && (counts[.queued] ?? 0) == 0)
    }
}
