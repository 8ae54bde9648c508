import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage
import Testing

/// `minibot serve` and `minibot doctor` as an operator runs them: the real binary, a real SQLite file.
@Suite struct ServeCommandTests {
    static func freePort() throws -> Int {
        let socket = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(socket, raw, length) == 0, getsockname(socket, raw, &length) == 0 else { throw CocoaError(.fileNoSuchFile) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func defaultPasswordOnAPublicAddressIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let result = try Minibot.run(["serve", "--env-file", dir.path("none.env")],
                                     environment: ["API_HOST": "0.0.0.0", "API_PASSWORD": "change_me_in_production",
                                                   "DATABASE_URL": "sqlite:" + dir.path("db.sqlite")],
                                     in: dir.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("API_PASSWORD"), "\(result.stderr)")
        #expect(result.stderr.contains("example's default"), "\(result.stderr)")
        let missing = try Minibot.run(["serve", "--env-file", dir.path("none.env")],
                                      environment: ["API_HOST": "0.0.0.0", "API_PASSWORD": "", "DATABASE_URL": "sqlite:" + dir.path("db.sqlite")],
                                      in: dir.url)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("API_PASSWORD is required"), "\(missing.stderr)")
    }

    @Test func invalidVariableIsNamedAtStart() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        try "MAX_CONCURRENT_CALLS=beaucoup\n".write(toFile: dir.path(".env"), atomically: true, encoding: .utf8)
        let result = try Minibot.run(["serve"], in: dir.url)
        #expect(result.status != 0)
        #expect(result.stderr.contains("MAX_CONCURRENT_CALLS=beaucoup is not a whole number"), "\(result.stderr)")
    }

    @Test func doctorPassesOnThisMachineAndFailsOnBadConfiguration() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let root = ScenarioCommandTests.repositoryRoot
        let environment = ["DATABASE_URL": "sqlite:" + dir.path("doctor.sqlite"), "SCENARIOS_DIR": root.appendingPathComponent("scenarios").path,
                           "RECORDINGS_DIR": dir.path("recordings"), "API_PORT": String(try Self.freePort())]
        let good = try Minibot.run(["doctor", "--env-file", dir.path("none.env")], environment: environment, in: dir.url)
        #expect(good.stdout.contains("✓ database: "), "\(good.stdout)")
        #expect(good.stdout.contains("✓ scenarios: 3 valid"), "\(good.stdout)")
        #expect(good.stdout.contains("✓ recordings folder"), "\(good.stdout)")
        if Shell.which("ffmpeg") != nil, Shell.which("espeak-ng") != nil {
            #expect(good.status == 0, "\(good.stdout)\n\(good.stderr)")
            #expect(good.stdout.contains("all required checks passed"))
        }
        var broken = environment
        broken["STT_ENGINE"] = "vosk"
        broken["VOSK_MODEL_PATH"] = dir.path("no-model")
        broken["SCENARIOS_DIR"] = dir.path("empty")
        let bad = try Minibot.run(["doctor", "--env-file", dir.path("none.env")], environment: broken, in: dir.url)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("✗ Vosk model: VOSK_MODEL_PATH="), "\(bad.stdout)")
        #expect(bad.stdout.contains("✗ scenarios: no scenario"), "\(bad.stdout)")
        var freeswitch = environment
        freeswitch["PBX"] = "freeswitch"
        freeswitch["FREESWITCH_GATEWAY"] = "gw1"
        freeswitch["FREESWITCH_ESL_PORT"] = String(try Self.freePort())  // nothing listens there
        let noSwitch = try Minibot.run(["doctor", "--skip-ports", "--env-file", dir.path("none.env")], environment: freeswitch, in: dir.url)
        #expect(noSwitch.status == 1)
        #expect(noSwitch.stdout.contains("✗ freeswitch-esl: "), "\(noSwitch.stdout)")
        let unparsable = try Minibot.run(["doctor", "--env-file", dir.path("none.env")], environment: ["API_PORT": "abc"], in: dir.url)
        #expect(unparsable.status == 1)
        #expect(unparsable.stdout.contains("✗ configuration: API_PORT=abc is not a whole number"), "\(unparsable.stdout)")
    }

    /// SIGTERM while a dry-run campaign has live calls: they finish, no new dial starts, exit 0, nothing lost.
    @Test func sigtermDrainsLiveCallsAndExitsZero() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("serve.sqlite")
        let contacts = 60
        let id = try CampaignCrashTests.makeCampaign(in: dir, database: database, contacts: contacts, block: Int.random(in: 0..<10_000),
                                                     maxConcurrent: 4)
        var logger = Logger(label: "serve-test")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        // Left running (as after a restart): the service resumes it on start.
        try await db.campaigns.updateStatus(id: id, from: .pending, to: .running, at: Date())

        let process = Process()
        process.executableURL = Minibot.executable
        process.arguments = ["serve", "--ignore-calling-hours", "--env-file", dir.path("none.env")]
        process.currentDirectoryURL = dir.url
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["DATABASE_URL": database, "PBX": "simulated", "API_PORT": String(try Self.freePort()),
                           "API_PASSWORD": "serve-test-password", "RECORDINGS_DIR": dir.path("recordings"),
                           "LOG_LEVEL": "warning"]) { $1 }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()

        let deadline = Date().addingTimeInterval(90)
        while try await db.calls.activeCallCount(campaignID: id) < 2, Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
        }
        let startedAtSignal = try await db.calls.startedCallCount(campaignID: id)
        #expect(startedAtSignal >= 2, "the service never started dialling")
        kill(process.processIdentifier, SIGTERM)
        let exitDeadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < exitDeadline { try await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let calls = try await db.calls.calls(campaignID: id)
        #expect(calls.allSatisfy { $0.status != .inProgress }, "live calls finished before exit")
        #expect(calls.allSatisfy { $0.result != nil })
        #expect(calls.count <= startedAtSignal + 4, "no new dial after SIGTERM (at most one batch raced the signal)")
        let stats = try await db.campaigns.stats(campaignID: id, now: Date())
        #expect(stats.pending + calls.count == contacts, "every contact is either called once or still queued")
        #expect(try await db.campaigns.campaign(id: id)?.status == .running)
        try? await db.close()
    }
}
