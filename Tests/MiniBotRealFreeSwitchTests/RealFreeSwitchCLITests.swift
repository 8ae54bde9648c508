import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage
import MiniBotTelephony
import Testing

/// `minibot call test` and `minibot campaign launch` with PBX=freeswitch against the real switch
/// (FREESWITCH_DIAL_STRING=loopback/{number}/minibot-test), the way an operator runs them.
@Suite("RealFreeSwitch CLI", .serialized, .timeLimit(.minutes(10)), .enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason))
struct RealFreeSwitchCLITests {
    /// Greets (about 9 s, barge-in allowed after the 3 s grace), waits 4 s for an answer, says goodbye.
    static let scenario = """
    {"metadata": {"name": "rfs", "start_step": "hello"},
     "steps": {
       "hello": {"message_text": "Bonjour, ici le service clients, je vous appelle au sujet de votre contrat d'énergie. Nous avons une offre qui pourrait vous faire économiser sur vos factures cet hiver.",
                 "barge_in": true, "timeout": 4,
                 "intent_mapping": {"deny": "bye", "silence": "bye", "*": "bye"}},
       "bye": {"message_text": "Merci, au revoir.", "result": "completed", "barge_in": false}}}
    """

    static func writeScenario(_ dir: Scratch) throws -> String {
        try Data(scenario.utf8).write(to: dir.url.appendingPathComponent("rfs.json"))
        return dir.path("rfs.json")
    }

    static let unanswered: Set<String> = ["busy", "no_answer", "failed", "answering_machine", "invalid_number"]

    static func result(of output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("result: ") }
            .map { String($0.dropFirst("result: ".count).prefix { $0 != "," }) }
    }

    @Test func callTestAnsweredBusyAndNoAnswer() async throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let scenario = try Self.writeScenario(dir)
        let env = RealFreeSwitch.minibotEnvironment(ringTimeout: 5)
        // Answered: the whole conversation runs and ends by itself.
        let answered = try await Processes.minibot(["call", "test", RealFreeSwitch.Callee.answer.number(block: 10), "--scenario", scenario,
                                                    "--recordings", dir.path("rec")], environment: env, in: dir.url, timeout: .seconds(60))
        #expect(answered.status == 0, "\(answered.stderr.suffix(3000))")
        let answeredResult = try #require(Self.result(of: answered.stdout), "\(answered.stdout)")
        #expect(!Self.unanswered.contains(answeredResult), "\(answered.stdout)")
        let recording = try #require(RealFreeSwitch.recording(number: "+33" + RealFreeSwitch.Callee.answer.number(block: 10).dropFirst()))
        let wav = try WAVFile(path: recording)
        #expect(WAVFile.rms(wav.channels[0]) > 300, "the callee heard the bot (RMS \(WAVFile.rms(wav.channels[0])))")

        let busy = try await Processes.minibot(["call", "test", RealFreeSwitch.Callee.busy.number(block: 10), "--scenario", scenario],
                                               environment: env, in: dir.url, timeout: .seconds(30))
        #expect(Self.result(of: busy.stdout) == "busy", "\(busy.stdout)\n\(busy.stderr.suffix(2000))")

        let started = ContinuousClock.now
        let silent = try await Processes.minibot(["call", "test", RealFreeSwitch.Callee.noAnswer.number(block: 10), "--scenario", scenario],
                                                 environment: env, in: dir.url, timeout: .seconds(30))
        #expect(Self.result(of: silent.stdout) == "no_answer", "\(silent.stdout)\n\(silent.stderr.suffix(2000))")
        #expect(ContinuousClock.now - started < .seconds(5 + 2 + 3), "RING_TIMEOUT 5 s + 2 s, plus the process's own start")
        try await RealFreeSwitch.withClient { client in
            try await eventually(.seconds(3), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
        }
    }

    @Test func callTestEndsWithinASecondOfTheCalleeHangingUp() async throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let scenario = try Self.writeScenario(dir)
        let number = RealFreeSwitch.Callee.hangUpMidPrompt.number(block: 11)
        try await RealFreeSwitch.withClient(events: ["CHANNEL_HANGUP"]) { monitor in
            let hangups = monitor.events()
            let child = try Processes.start(Processes.minibot, ["call", "test", number, "--scenario", scenario],
                                            environment: RealFreeSwitch.minibotEnvironment(), in: dir.url)
            let calleeHangup = try await within(.seconds(20), "callee hangup") { () -> ContinuousClock.Instant in
                for await event in hangups where (event["Channel-Name"] ?? "").hasSuffix("-b") { return .now }
                throw TestFailure("no hangup event")
            }
            let result = try await child.wait(timeout: .seconds(20))
            let exited = ContinuousClock.now
            #expect(result.status == 0, "\(result.stderr.suffix(2000))")
            #expect(exited - calleeHangup < .milliseconds(1_500), "call test exited \(exited - calleeHangup) after the callee hung up")
            let outcome = Self.result(of: result.stdout)
            #expect(outcome != nil && !Self.unanswered.contains(outcome!), "\(result.stdout)")
            let duration = result.stdout.split(separator: "\n").first { $0.hasPrefix("result: ") }
                .flatMap { line in line.split(separator: ",").first { $0.hasSuffix(" s") } }
                .flatMap { Double($0.trimmingCharacters(in: .whitespaces).dropLast(2)) }
            #expect((1.0...4.0).contains(duration ?? -1), "duration from the wall clock: the callee hung up 1.5 s after answering (\(result.stdout))")
            try await eventually(.seconds(3), "no channel left") { try await RealFreeSwitch.channelCount(monitor) == 0 }
        }
    }

    // MARK: Campaigns

    static func makeCampaign(_ dir: Scratch, database: String, numbers: [(String, String)], maxConcurrent: Int) async throws -> Int64 {
        let scenario = try writeScenario(dir)
        var csv = "telephone;prenom;legal_basis\n"
        for (number, name) in numbers { csv += "\(number);\(name);contract\n" }
        try Data(csv.utf8).write(to: dir.url.appendingPathComponent("contacts.csv"))
        let name = "rfs-\(UUID().uuidString.prefix(8))"
        let created = try await Processes.minibot(["campaign", "create", "--name", name, "--scenario", scenario,
                                                   "--max-concurrent", "\(maxConcurrent)", "--delay", "0", "--max-retries", "0", "--json",
                                                   "--database", database], environment: [:], in: dir.url, timeout: .seconds(30))
        #expect(created.status == 0, "\(created.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let id = try #require(object["id"] as? Int)
        let imported = try await Processes.minibot(["contacts", "import", dir.path("contacts.csv"), "--campaign", name, "--database", database],
                                                   environment: [:], in: dir.url, timeout: .seconds(30))
        #expect(imported.status == 0, "\(imported.stderr)")
        return Int64(id)
    }

    static func launch(_ id: Int64, database: String, dir: Scratch) throws -> Processes.Child {
        try Processes.start(Processes.minibot, ["campaign", "launch", "\(id)", "--ignore-calling-hours", "--exit-when-idle", "--quiet",
                                                "--worker", "rfs", "--recordings", dir.path("rec"), "--database", database],
                            environment: RealFreeSwitch.minibotEnvironment(ringTimeout: 5), in: dir.url)
    }

    /// The export CSV as dictionaries (column → value), keyed by phone.
    static func export(_ id: Int64, database: String, dir: Scratch) async throws -> [String: [String: String]] {
        let result = try await Processes.minibot(["campaign", "export", "\(id)", "--output-dir", dir.path("export"), "--database", database],
                                                 environment: [:], in: dir.url, timeout: .seconds(30))
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: dir.path("export/campaign_\(id)_export.csv"), encoding: .utf8)
        let rows = CSV.parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        guard let header = rows.first else { return [:] }
        var byPhone: [String: [String: String]] = [:]
        for row in rows.dropFirst() where row.count == header.count {
            let record = Dictionary(uniqueKeysWithValues: zip(header, row))
            byPhone[record["phone"] ?? ""] = record
        }
        return byPhone
    }

    static func e164(_ national: String) -> String { "+33" + national.dropFirst() }

    @Test func aWholeCampaignExportsTheTrueOutcomeOfEachNumber() async throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("rfs.sqlite")
        let callees: [(RealFreeSwitch.Callee, String)] = [(.answer, "answered"), (.busy, "busy"), (.noAnswer, "noanswer"),
                                                          (.hangUpMidPrompt, "hangup"), (.machine, "machine"), (.talkOver, "talk")]
        let numbers = callees.map { ($0.0.number(block: 20), $0.1) }
        let id = try await Self.makeCampaign(dir, database: database, numbers: numbers, maxConcurrent: 6)
        // Watch the prompts FreeSWITCH plays: the callee who talks over the bot must cut its prompt (uuid_break).
        let stops = try await RealFreeSwitch.withClient(events: ["PLAYBACK_STOP"]) { monitor in
            let events = monitor.events()
            let collector = Task { () -> [ESLEvent] in
                var seen: [ESLEvent] = []
                for await event in events { seen.append(event) }
                return seen
            }
            let run = try await Self.launch(id, database: database, dir: dir).wait(timeout: .seconds(120))
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr.suffix(3000))")
            try await Task.sleep(for: .milliseconds(300))
            collector.cancel()
            monitor.shutdown()
            return await collector.value
        }
        let talkNumber = RealFreeSwitch.Callee.talkOver.number(block: 20).dropFirst()
        let broken = stops.filter { ($0["Channel-Name"] ?? "").contains(talkNumber) && $0["Playback-Status"] == "break" }
        #expect(!broken.isEmpty, "barge-in: a prompt to the talking callee was stopped (\(stops.map { ($0["Channel-Name"] ?? "") + " " + ($0["Playback-Status"] ?? "") }))")
        let rows = try await Self.export(id, database: database, dir: dir)
        #expect(rows.count == numbers.count, "\(rows.keys.sorted())")
        func result(_ callee: RealFreeSwitch.Callee) -> String { rows[Self.e164(callee.number(block: 20))]?["result"] ?? "missing" }
        #expect(result(.busy) == "busy")
        #expect(result(.noAnswer) == "no_answer")
        #expect(result(.machine) == "answering_machine", "\(rows[Self.e164(RealFreeSwitch.Callee.machine.number(block: 20))] ?? [:])")
        #expect(!Self.unanswered.contains(result(.answer)), "\(result(.answer))")
        #expect(!Self.unanswered.contains(result(.hangUpMidPrompt)), "\(result(.hangUpMidPrompt))")
        #expect(!Self.unanswered.contains(result(.talkOver)), "\(result(.talkOver))")
        let hangupDuration = Double(rows[Self.e164(RealFreeSwitch.Callee.hangUpMidPrompt.number(block: 20))]?["duration_seconds"] ?? "") ?? -1
        #expect((1.0...4.0).contains(hangupDuration), "the callee hung up 1.5 s after answering: \(hangupDuration) s")
        print("campaign export (expected → result):", callees.map { "\($0.1) → \(result($0.0))" }.joined(separator: ", "))
    }

    @Test func tenAnsweredCallsInParallelThroughACampaign() async throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("rfs.sqlite")
        let numbers = (0..<10).map { (RealFreeSwitch.Callee.answer.number(block: 300 + $0), "p\($0)") }
        let id = try await Self.makeCampaign(dir, database: database, numbers: numbers, maxConcurrent: 10)
        let run = try await Self.launch(id, database: database, dir: dir).wait(timeout: .seconds(120))
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        let rows = try await Self.export(id, database: database, dir: dir)
        #expect(rows.count == 10)
        let results = rows.values.map { $0["result"] ?? "" }
        #expect(results.allSatisfy { !$0.isEmpty && !Self.unanswered.contains($0) }, "\(results)")
    }

    @Test func freeSwitchRestartedMidCampaignLosesNoRecordAndDialsNobodyTwice() async throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("rfs.sqlite")
        let numbers = (0..<12).map { (RealFreeSwitch.Callee.answer.number(block: 400 + $0), "r\($0)") }
        let id = try await Self.makeCampaign(dir, database: database, numbers: numbers, maxConcurrent: 3)
        var logger = Logger(label: "rfs")
        logger.logLevel = .error
        let db = try await Database.open(url: try DatabaseURL(parsing: database), logger: logger)
        defer { Task { try? await db.close() } }
        let child = try Self.launch(id, database: database, dir: dir)
        // Restart FreeSWITCH while the first calls are up.
        try await eventually(.seconds(60), "first calls answered") {
            try await db.calls.calls(campaignID: id).contains { $0.answeredAt != nil }
        }
        try await RealFreeSwitch.script("restart")
        let run = try await child.wait(timeout: .seconds(240))
        #expect(run.status == 0, "\(run.stderr.suffix(3000))")
        let calls = try await db.calls.calls(campaignID: id)
        let byPhone = Dictionary(grouping: calls, by: \.phone)
        #expect(byPhone.count == numbers.count, "every contact has its record")
        #expect(byPhone.values.allSatisfy { $0.count == 1 }, "max retries 0: nobody dialled twice")
        #expect(calls.allSatisfy { $0.status != .inProgress && $0.result != nil }, "no call left open")
        let answeredAfterRestart = calls.filter { $0.result != .failed }.count
        #expect(answeredAfterRestart >= numbers.count - 3, "only the calls up during the restart may fail: \(calls.map { $0.result?.rawValue ?? "-" })")
        let rows = try await Self.export(id, database: database, dir: dir)
        #expect(rows.count == numbers.count)
    }
}

/// RFC 4180 enough for our export (quoted fields, doubled quotes, CRLF rows; `,` or `;`).
enum CSV {
    static func parse(_ text: String) -> [[String]] {
        let separator: Character = text.prefix { $0 != "\n" && $0 != "\r\n" }.contains(";") ? ";" : ","
        var rows: [[String]] = [], row: [String] = [], field = "", quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == separator {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); field = ""
                rows.append(row); row = []
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
