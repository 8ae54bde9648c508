import Foundation
import Testing

@Suite(.timeLimit(.minutes(3)))
struct DemoCommandTests {
    /// The README's first command, shortened to 16 contacts (every persona at least once).
    @Test func demoRunsACampaignAndWritesExports() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let root = ScenarioCommandTests.repositoryRoot
        let result = try Minibot.run(["demo", "--workspace", dir.path("ws"), "--contacts", "16"], in: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("calls placed in this run: 16"))
        for outcome in ["lead", "not_interested", "busy", "no_answer", "answering_machine", "opt_out", "invalid_number"] {
            #expect(result.stdout.contains(outcome), "results table lacks \(outcome):\n\(result.stdout)")
        }
        let csv = try Data(contentsOf: URL(fileURLWithPath: dir.path("ws/exports/campaign_1_export.csv")))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF], "export must start with a UTF-8 BOM")
        let lines = String(decoding: csv.dropFirst(3), as: UTF8.self).split(whereSeparator: \.isNewline)
        #expect(lines.count == 17)
        let recordings = try FileManager.default.contentsOfDirectory(atPath: dir.path("ws/recordings"))
        #expect(recordings.filter { $0.hasSuffix(".wav") }.count >= 6)
        #expect(recordings.filter { $0.hasSuffix(".json") }.count == recordings.filter { $0.hasSuffix(".wav") }.count)
    }
}

@Suite(.timeLimit(.minutes(2)))
struct CallTestCommandTests {
    @Test func dryRunTestCallReportsTheResult() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let root = ScenarioCommandTests.repositoryRoot
        let busy = try Minibot.run(["call", "test", "06 12 34 56 78", "--scenario", "finance_agent", "--dry-run", "--persona", "occupe",
                                    "--recordings", dir.path("rec")], in: root)
        #expect(busy.status == 0, "\(busy.stderr)")
        #expect(busy.stdout.contains("result: busy"))
        let refusal = try Minibot.run(["call", "test", "0612345678", "--scenario", "finance_agent", "--dry-run", "--persona", "refus",
                                       "--recordings", dir.path("rec")], in: root)
        #expect(refusal.stdout.contains("result: not_interested"), "\(refusal.stdout)")
        #expect(refusal.stdout.contains("recording: "))
        let live = try Minibot.run(["call", "test", "0612345678", "--scenario", "finance_agent"], in: root)
        #expect(live.status != 0)
        #expect(live.stderr.contains("--dry-run"))
    }
}
