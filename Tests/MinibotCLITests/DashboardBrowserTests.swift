import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage
import Testing

/// The dashboard in a real browser (Debian's headless Chromium) against `minibot serve` running
/// a dry-run campaign: progress numbers move, a call's transcript shows, and a screenshot is kept
/// in `test-artifacts/dashboard.png`.
@Suite struct DashboardBrowserTests {
    static let token = "dashboard-test-password"

    /// Chromium's DOM after the page's scripts ran (nil when Chromium is missing).
    static func dumpDOM(_ url: String, in dir: TemporaryDirectory) throws -> String? {
        guard let chromium = Shell.which("chromium") ?? Shell.which("chromium-browser") else { return nil }
        let result = try Shell.run("/usr/bin/timeout", ["60", chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                                        "--user-data-dir=" + dir.path("chromium-profile"),
                                                        "--virtual-time-budget=5000", "--dump-dom", url])
        return result.stdout
    }

    static func completedCounts(in dom: String) -> [Int] {
        let pattern = try! NSRegularExpression(pattern: #"data-completed="(\d+)""#)
        return pattern.matches(in: dom, range: NSRange(dom.startIndex..., in: dom)).compactMap { match in
            Range(match.range(at: 1), in: dom).flatMap { Int(dom[$0]) }
        }
    }

    @Test func dashboardShowsLiveProgressAndATranscript() async throws {
        guard Shell.which("chromium") != nil || Shell.which("chromium-browser") != nil else {
            print("⚠️ dashboard browser test skipped: chromium is not installed (apt-get install chromium)")
            return
        }
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("dashboard.sqlite")
        let contacts = 80
        let id = try CampaignCrashTests.makeCampaign(in: dir, database: database, contacts: contacts,
                                                     block: Int.random(in: 0..<10_000), maxConcurrent: 3)
        var logger = Logger(label: "dashboard-test")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        try await db.campaigns.updateStatus(id: id, from: .pending, to: .running, at: Date())
        let port = try ServeCommandTests.freePort()
        let process = Process()
        process.executableURL = Minibot.executable
        process.arguments = ["serve", "--ignore-calling-hours", "--env-file", dir.path("none.env")]
        process.currentDirectoryURL = dir.url
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["DATABASE_URL": database, "PBX": "simulated", "API_PORT": String(port), "API_PASSWORD": Self.token,
                           "RECORDINGS_DIR": dir.path("recordings"), "LOG_LEVEL": "warning"]) { $1 }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
        // Wait for a first answered call with its turns stored.
        var answered: CallRecord?
        let deadline = Date().addingTimeInterval(90)
        while answered == nil, Date() < deadline {
            for call in try await db.calls.calls(campaignID: id) where call.result == .lead {
                if try await !db.callTurns.turns(callID: call.callID).isEmpty { answered = call; break }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let call = try #require(answered, "no answered call within 90 s")
        let base = "http://127.0.0.1:\(port)/"
        // Polling mode: Chromium's virtual time never advances while an event stream is open
        // (the stream itself is tested over HTTP in EventsTests).
        let first = try #require(try Self.dumpDOM(base + "#token=" + Self.token + "&live=poll", in: dir))
        let firstCounts = Self.completedCounts(in: first)
        #expect(first.contains("data-campaign=\"\(id)\""), "campaign row missing from the dashboard:\n\(first.prefix(2_000))")
        try await Task.sleep(for: .seconds(4))
        let second = try #require(try Self.dumpDOM(base + "#token=" + Self.token + "&live=poll", in: dir))
        let secondCounts = Self.completedCounts(in: second)
        #expect(!firstCounts.isEmpty && !secondCounts.isEmpty)
        #expect(secondCounts.reduce(0, +) > firstCounts.reduce(0, +), "progress did not move: \(firstCounts) → \(secondCounts)")

        let turns = try await db.callTurns.turns(callID: call.callID)
        let page = try #require(try Self.dumpDOM(base + "#/calls/\(call.callID)?token=" + Self.token + "&live=poll", in: dir))
        #expect(page.contains("class=\"turn bot\"") || page.contains("class=\"turn caller\""), "no transcript turn:\n\(page.prefix(3_000))")
        let botLine = try #require(turns.first { $0.speaker == .bot }).text
        #expect(page.contains(String(botLine.prefix(20))), "the bot's first line is not on the call page")

        let artifacts = ScenarioCommandTests.repositoryRoot.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("dashboard.png").path
        try? FileManager.default.removeItem(atPath: screenshot)
        if let chromium = Shell.which("chromium") ?? Shell.which("chromium-browser") {
            _ = try Shell.run("/usr/bin/timeout", ["60", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                   "--user-data-dir=" + dir.path("chromium-profile"), "--window-size=1280,900",
                                                   "--virtual-time-budget=5000", "--screenshot=" + screenshot, base + "#token=" + Self.token + "&live=poll"])
            #expect(FileManager.default.fileExists(atPath: screenshot), "no screenshot written")
        }
        try? await db.close()
    }
}
