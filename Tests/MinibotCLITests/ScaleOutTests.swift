import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage
import Testing

/// SPEC F3 scale-out, as operators run it: several `minibot serve` processes on one host and one
/// PostgreSQL share a campaign. A fourth joins mid-run, one is `kill -9`ed and restarted, the
/// campaign is paused and resumed through other workers' APIs, and every worker is stopped with
/// SIGTERM. Nothing may be dialled twice, re-queued after completing, lost, or marked interrupted
/// while its worker was alive.
@Suite(.serialized, .timeLimit(.minutes(8)))
struct ScaleOutTests {
    static let postgresURL = ProcessInfo.processInfo.environment["MINIBOT_TEST_POSTGRES_URL"] ?? ""

    /// A worker process: `minibot serve` on its own API port, sharing the database.
    final class Worker {
        let name: String
        let port: Int
        let process = Process()
        let log: URL

        init(name: String, database: String, dir: TemporaryDirectory) throws {
            self.name = name
            port = try ServeCommandTests.freePort()
            log = dir.url.appendingPathComponent("\(name).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = Minibot.executable
            process.arguments = ["serve", "--ignore-calling-hours", "--env-file", dir.path("none.env")]
            process.currentDirectoryURL = dir.url
            var environment = ProcessInfo.processInfo.environment
            environment.merge(["DATABASE_URL": database, "PBX": "simulated", "API_PORT": String(port),
                               "API_PASSWORD": ScaleOutTests.token, "RECORDINGS_DIR": dir.path("recordings"),
                               "MAX_CONCURRENT_CALLS": "10", "SHUTDOWN_GRACE_SECONDS": "8", "LOG_LEVEL": "notice"]) { $1 }
            environment.removeValue(forKey: "WORKER_ID")
            process.environment = environment
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var pid: Int32 { process.processIdentifier }

        func api(_ method: String, _ path: String, body: String? = nil) throws -> String {
            var arguments = ["-s", "-f", "-m", "5", "-X", method, "-H", "Authorization: Bearer \(ScaleOutTests.token)"]
            if let body { arguments += ["-H", "Content-Type: application/json", "-d", body] }
            let result = try Shell.run("/usr/bin/curl", arguments + ["http://127.0.0.1:\(port)\(path)"])
            guard result.status == 0 else { throw CLIFailure("\(method) \(path) on \(name): curl exit \(result.status)") }
            return result.stdout
        }

        func waitUntilUp() async throws {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if (try? api("GET", "/health")) != nil { return }
                guard process.isRunning else { throw CLIFailure("\(name) exited at start: \(tail())") }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw CLIFailure("\(name) did not answer within 30 s: \(tail())")
        }

        /// SIGTERM, then wait for the exit; returns the exit status and how long it took.
        func terminate(within limit: TimeInterval) async throws -> (status: Int32, seconds: TimeInterval) {
            let start = Date()
            kill(pid, SIGTERM)
            while process.isRunning, Date().timeIntervalSince(start) < limit { try await Task.sleep(for: .milliseconds(50)) }
            if process.isRunning { kill(pid, SIGKILL) }
            process.waitUntilExit()
            return (process.terminationStatus, Date().timeIntervalSince(start))
        }

        func tail() -> String {
            String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(2_000))
        }
    }

    struct CLIFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let token = "scale-out-test-secret"

    /// A database of its own on the throwaway server, so no other test's running campaign is joined.
    static func freshDatabase() throws -> String {
        let name = "minibot_scale_\(UInt32.random(in: 0...UInt32.max))"
        let created = try Shell.run("/usr/bin/psql", [postgresURL, "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        guard created.status == 0 else { throw CLIFailure("CREATE DATABASE: \(created.stderr)") }
        var components = URLComponents(string: postgresURL)!
        components.path = "/" + name
        return components.string!
    }

    /// Rows of `calls` as `phone|worker|result|notes`, read with psql (the worker column is not in CallRecord).
    static func callRows(_ database: String, campaignID: Int64) throws -> [[String]] {
        let result = try Shell.run("/usr/bin/psql", [database, "-At", "-F", "|", "-c",
                                                     "SELECT phone, COALESCE(worker, ''), COALESCE(result, ''), status, "
                                                     + "COALESCE(hangup_reason, ''), notes FROM calls WHERE campaign_id = \(campaignID)"])
        return result.stdout.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test(.enabled(if: !postgresURL.isEmpty && Shell.which("psql") != nil && Shell.which("curl") != nil,
                   "needs MINIBOT_TEST_POSTGRES_URL (scripts/postgres-throwaway.sh), psql and curl"))
    func fourWorkersShareACampaignThroughKillPauseAndShutdown() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        FileManager.default.createFile(atPath: dir.path("none.env"), contents: Data())
        let database = try Self.freshDatabase()
        let contacts = 300
        let id = try CampaignCrashTests.makeCampaign(in: dir, database: database, contacts: contacts,
                                                     block: Int.random(in: 0..<10_000), maxConcurrent: 40)
        var logger = Logger(label: "scale-out-test")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        defer { Task { try? await db.close() } }

        var workers = try (1...3).map { try Worker(name: "w\($0)", database: database, dir: dir) }
        defer { for worker in workers where worker.process.isRunning { kill(worker.pid, SIGKILL) } }
        for worker in workers { try await worker.waitUntilUp() }
        _ = try workers[0].api("PATCH", "/campaigns/\(id)/status", body: #"{"action": "start"}"#)

        func finishedCalls() async throws -> Int {
            try await db.calls.calls(campaignID: id).filter { $0.status != .inProgress && $0.status != .pending }.count
        }
        func waitFor(_ what: String, seconds: TimeInterval, _ condition: () async throws -> Bool) async throws {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if try await condition() { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("timed out waiting for \(what)")
            throw CLIFailure("timed out waiting for \(what)")
        }

        // A fourth worker joins mid-run.
        try await waitFor("40 finished calls", seconds: 120) { try await finishedCalls() >= 40 }
        workers.append(try Worker(name: "w4", database: database, dir: dir))
        try await workers[3].waitUntilUp()

        // w2 dies with calls live, then comes back (a new process, so a new worker id).
        let killedID = try #require(Self.workerID(in: try workers[0].api("GET", "/workers"), pid: workers[1].pid),
                                    "w2 is listed in /workers")
        try await waitFor("w2 to have live calls", seconds: 60) {
            try Self.callRows(database, campaignID: id).contains { $0[3] == "IN_PROGRESS" && $0[1] == killedID }
        }
        kill(workers[1].pid, SIGKILL)
        workers[1].process.waitUntilExit()
        workers[1] = try Worker(name: "w2-restarted", database: database, dir: dir)
        try await workers[1].waitUntilUp()

        // Pause through w3: within 1 s no worker starts a call; resume through w4: dialling goes on.
        try await waitFor("120 finished calls", seconds: 180) { try await finishedCalls() >= 120 }
        _ = try workers[2].api("PATCH", "/campaigns/\(id)/status", body: #"{"action": "pause"}"#)
        try await Task.sleep(for: .seconds(1))
        let startedAfterPause = try await db.calls.startedCallCount(campaignID: id)
        try await Task.sleep(for: .seconds(3))
        #expect(try await db.calls.startedCallCount(campaignID: id) == startedAfterPause, "a call started > 1 s after the pause")
        _ = try workers[3].api("PATCH", "/campaigns/\(id)/status", body: #"{"action": "resume"}"#)
        try await waitFor("dialling after resume", seconds: 3) {
            try await db.calls.startedCallCount(campaignID: id) > startedAfterPause
        }

        // SIGTERM to w1 while it has calls live: it stops within the grace period, exit 0, its calls closed.
        let firstID = try #require(Self.workerID(in: try workers[2].api("GET", "/workers"), pid: workers[0].pid))
        try await waitFor("w1 to have live calls", seconds: 60) {
            try Self.callRows(database, campaignID: id).contains { $0[3] == "IN_PROGRESS" && $0[1] == firstID }
        }
        let (firstStatus, firstSeconds) = try await workers[0].terminate(within: 20)
        #expect(firstStatus == 0, "w1 exited \(firstStatus): \(workers[0].tail())")
        #expect(firstSeconds < 13, "w1 took \(firstSeconds) s to stop")
        #expect(try Self.callRows(database, campaignID: id).allSatisfy { !($0[1] == firstID && $0[3] == "IN_PROGRESS") },
                "w1 left a call open")

        try await waitFor("the campaign to complete", seconds: 300) {
            try await db.campaigns.campaign(id: id)?.status == .completed
        }

        // A second campaign started through w2' and cancelled through w3: within 1 s nobody dials it any more.
        let second = try CampaignCrashTests.makeCampaign(in: dir, database: database, contacts: 120,
                                                         block: Int.random(in: 0..<10_000), maxConcurrent: 30)
        _ = try workers[1].api("PATCH", "/campaigns/\(second)/status", body: #"{"action": "start"}"#)
        try await waitFor("the second campaign to dial", seconds: 30) {
            try await db.calls.startedCallCount(campaignID: second) >= 10
        }
        _ = try workers[2].api("PATCH", "/campaigns/\(second)/status", body: #"{"action": "cancel"}"#)
        try await Task.sleep(for: .seconds(1))
        let startedAfterCancel = try await db.calls.startedCallCount(campaignID: second)
        try await Task.sleep(for: .seconds(2))
        #expect(try await db.calls.startedCallCount(campaignID: second) == startedAfterCancel, "a call started > 1 s after the cancel")
        #expect(startedAfterCancel < 120, "the cancel came too late to test anything")

        // SIGTERM each remaining worker: exit 0 within the grace period (8 s) and a few seconds.
        for worker in workers.dropFirst() {
            let (status, seconds) = try await worker.terminate(within: 20)
            #expect(status == 0, "\(worker.name) exited \(status): \(worker.tail())")
            #expect(seconds < 13, "\(worker.name) took \(seconds) s to stop")
        }

        let rows = try Self.callRows(database, campaignID: id)
        let byPhone = Dictionary(grouping: rows, by: { $0[0] })
        #expect(byPhone.count == contacts, "every contact was called (\(byPhone.count) of \(contacts))")
        for (phone, chain) in byPhone {
            // max retries 0: one attempt each, whatever happened to the worker.
            #expect(chain.count == 1, "\(phone) dialled \(chain.count) times")
        }
        #expect(rows.allSatisfy { $0[3] != "IN_PROGRESS" && $0[3] != "PENDING" }, "no call left open")
        let interrupted = rows.filter { $0[4] == "interrupted" }
        #expect(!interrupted.isEmpty, "the killed worker's live calls were recovered as interrupted")
        #expect(interrupted.allSatisfy { $0[1] == killedID },
                "only the killed worker's calls were closed as interrupted: \(Set(interrupted.map { $0[1] }))")
        #expect(rows.allSatisfy { !$0[5].hasPrefix("interrupted") }, "no call hung up at a shutdown deadline (calls last seconds)")
        let counts = try await db.calls.queueCounts(campaignID: id)
        #expect(counts[.queued] == nil && counts[.claimed] == nil && counts[.dialling] == nil, "queue drained: \(counts)")
        let workersWithCalls = Set(rows.map { $0[1] })
        #expect(workersWithCalls.count >= 4, "every worker did work: \(workersWithCalls.sorted())")
    }

    /// The id of the worker with `pid` in a `GET /workers` answer.
    static func workerID(in json: String, pid: Int32) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let items = object["items"] as? [[String: Any]] else { return nil }
        return items.first { ($0["pid"] as? Int) == Int(pid) && ($0["alive"] as? Bool) == true }?["id"] as? String
    }
}
