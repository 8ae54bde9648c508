import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage
import Testing

/// Issue 16: the dashboard, a campaign page and a call page at desktop (1280 px) and phone (390 px)
/// widths in headless Chromium. The page measures its own chart labels (`getBoundingClientRect`) and
/// writes the verdict into `<body data-label-overlap>`, read here from `--dump-dom`; screenshots are
/// kept in `test-artifacts/` (gitignored).
extension DashboardBrowserTests {
    static var chromium: String? { Shell.which("chromium") ?? Shell.which("chromium-browser") }

    static func render(_ url: String, width: Int, in dir: TemporaryDirectory, screenshot: String? = nil) throws -> String {
        let chromium = try #require(Self.chromium)
        var arguments = ["60", chromium, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                         "--user-data-dir=" + dir.path("chromium-profile-\(width)"), "--window-size=\(width),1000",
                         "--virtual-time-budget=6000"]
        arguments.append(screenshot.map { "--screenshot=" + $0 } ?? "--dump-dom")
        arguments.append(url)
        return try Shell.run("/usr/bin/timeout", arguments).stdout
    }

    static func attribute(_ name: String, in dom: String) -> String? {
        let pattern = try! NSRegularExpression(pattern: name + #"="([^"]*)""#)
        guard let match = pattern.firstMatch(in: dom, range: NSRange(dom.startIndex..., in: dom)),
              let range = Range(match.range(at: 1), in: dom) else { return nil }
        return String(dom[range])
    }

    @Test(.enabled(if: DashboardBrowserTests.chromium != nil, "chromium is not installed (apt-get install chromium)"))
    func chartLabelsDoNotOverlapAtDesktopAndPhoneWidths() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("layout.sqlite")
        let id = try CampaignCrashTests.makeCampaign(in: dir, database: database, contacts: 24,
                                                     block: Int.random(in: 0..<10_000), maxConcurrent: 4)
        var logger = Logger(label: "dashboard-layout-test")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        try await db.campaigns.updateStatus(id: id, from: .pending, to: .running, at: Date())
        let port = try ServeCommandTests.freePort()
        let process = Process()
        process.executableURL = Minibot.executable
        process.arguments = ["serve", "--ignore-calling-hours", "--env-file", "/dev/null"]
        process.currentDirectoryURL = dir.url
        var environment = ProcessInfo.processInfo.environment
        environment.merge(["DATABASE_URL": database, "PBX": "simulated", "API_PORT": String(port), "API_PASSWORD": Self.token,
                           "RECORDINGS_DIR": dir.path("recordings"), "SCENARIOS_DIR": dir.url.path, "LOG_LEVEL": "warning"]) { $1 }
        environment.removeValue(forKey: "STT_ENGINE")
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            if process.isRunning { kill(process.processIdentifier, SIGTERM) }
            process.waitUntilExit()
        }
        // Every contact called (results of several kinds for the charts), one lead with a recording.
        var lead: CallRecord?
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let calls = try await db.calls.calls(campaignID: id)
            lead = calls.first { $0.result == .lead && !($0.recordingPath ?? "").isEmpty }
            if lead != nil, calls.filter({ $0.status == .completed || $0.status == .failed }).count >= 24 { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        let call = try #require(lead, "no lead with a recording within 120 s")
        #expect(process.isRunning, "serve --env-file /dev/null must start and keep running")

        let base = "http://127.0.0.1:\(port)/"
        let suffix = "token=" + Self.token + "&live=poll"
        let pages: [(name: String, hash: String, rendered: String)] = [
            ("dashboard", "#" + suffix, "overview-page"),
            ("campaign", "#/campaigns/\(id)?" + suffix, "campaign-page"),
            ("call", "#/calls/\(call.callID)?" + suffix, "call-page"),
        ]
        let artifacts = ScenarioCommandTests.repositoryRoot.appendingPathComponent("test-artifacts")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for width in [1280, 390] {
            for page in pages {
                // Headless Chromium's window is at least 500 px wide: narrower screens are checked in an
                // iframe of that width (layout-check.html copies the page's verdict out of it).
                let direct = width >= 500
                let url = direct ? base + page.hash : base + "dashboard/layout-check.html?width=\(width)" + page.hash
                let dom = try Self.render(url, width: width, in: dir)
                let context = "\(page.name) at \(width) px"
                #expect(Self.attribute("data-rendered", in: dom) == page.rendered, "\(context): \(dom.prefix(1_500))")
                #expect(Self.attribute("data-label-overlap", in: dom) == "none", "\(context): labels overlap")
                let viewport = Self.attribute("data-viewport", in: dom)
                #expect(viewport?.hasPrefix("\(width)x") == true, "\(context): measured at \(viewport ?? "no viewport")")
                if page.name != "call" {
                    let checked = Int(Self.attribute("data-labels-checked", in: dom) ?? "") ?? 0
                    #expect(checked >= 3, "\(context): only \(checked) chart labels measured")
                }
                switch direct ? page.name : "" {
                case "":
                    break
                case "dashboard":
                    #expect(dom.contains("Numéro invalide") || dom.contains("Pas de réponse") || dom.contains("Opposition"), "\(context)")
                    #expect(dom.contains("background:var(--lead)"), "\(context): the lead bar is not green")
                    #expect(dom.contains("id=\"sum-inbound-refused\">0<"), "\(context): inbound refusals tile")
                case "campaign":
                    #expect(dom.contains("flowchart") || dom.contains("graph "), "\(context): no Mermaid graph")
                    #expect(dom.contains("calls.csv") || dom.contains("Exporter les appels"), "\(context): no export")
                    #expect(dom.contains("data-call=\"\(call.callID)\""), "\(context): the campaign's calls are missing")
                default:
                    #expect(Self.attribute("data-recognizer", in: dom) == "simulated", "\(context): recogniser not labelled")
                    #expect(dom.contains("reconnaissance simulée"), "\(context): simulated recogniser not said in words")
                    #expect(dom.contains("gauche : appelant") && dom.contains("droite : bot"), "\(context): channels unlabelled")
                    let seconds = Double(Self.attribute("data-seconds", in: dom) ?? "") ?? 0
                    #expect(seconds > 0, "\(context): no recording duration")
                    #expect(dom.contains("download=\"appel-\(call.callID).wav\""), "\(context): no download link")
                }
                let screenshot = artifacts.appendingPathComponent("\(page.name)-\(width).png").path
                try? FileManager.default.removeItem(atPath: screenshot)
                _ = try Self.render(base + page.hash, width: width, in: dir, screenshot: screenshot)
                #expect(FileManager.default.fileExists(atPath: screenshot), "\(context): no screenshot")
            }
        }
        try? await db.close()
    }
}

extension DashboardBrowserTests {
    /// The self-check itself can fail: two labels placed on top of each other (as the old vertical
    /// chart drew "Numéro invalide" and "Pas de réponse") are reported by name.
    @Test(.enabled(if: DashboardBrowserTests.chromium != nil, "chromium is not installed (apt-get install chromium)"))
    func layoutCheckReportsOverlappingLabels() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let script = try String(contentsOf: ScenarioCommandTests.repositoryRoot
            .appendingPathComponent("Sources/MiniBotServer/Dashboard/app.js"), encoding: .utf8)
        let start = try #require(script.range(of: "function checkLayout()"))
        let end = try #require(script.range(of: "// A small SVG bar chart"))
        let page = """
            <html><body><section><div class="chart" id="c" style="width:200px;position:relative;height:50px">
            <span class="chart-label" style="position:absolute;left:0;top:0">Numéro invalide</span>
            <span class="chart-label" style="position:absolute;left:40px;top:0">Pas de réponse</span></div></section>
            <script>\(script[start.lowerBound..<end.lowerBound]) checkLayout();</script></body></html>
            """
        try Data(page.utf8).write(to: dir.url.appendingPathComponent("overlap.html"))
        let dom = try Self.render("file://" + dir.path("overlap.html"), width: 1280, in: dir)
        let verdict = Self.attribute("data-label-overlap", in: dom) ?? ""
        #expect(verdict.contains("overlaps"), "verdict: \(verdict)")
        #expect(verdict.contains("Numéro invalide"))
    }
}
