import Foundation
import Testing

/// `minibot scenario …` and `minibot nlu classify`, end to end through the built binary,
/// run from the repository root so shipped scenarios resolve by name.
@Suite struct ScenarioCommandTests {
    static var repositoryRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    @Test func shippedScenariosValidate() throws {
        let result = try Minibot.run(["scenario", "validate", "rdv_energie", "finance_agent", "sav_inbound"], in: Self.repositoryRoot)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.components(separatedBy: ": ok").count - 1 == 3, "\(result.stdout)")
    }

    @Test func brokenScenarioListsEveryProblemWithItsPathAndFails() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let json = """
        {"metadata": {"name": "x"}, "steps": {
          "hello": {"message_text": "Bonjour", "intent_mapping": {"affirm": "q1", "deny": "nowhere", "maybe": "q1"}},
          "q1": {"message_text": "Q1", "intent_mapping": {"*": "bye"}, "timeout": "soon"},
          "bye": {"message_text": "Au revoir", "result": "completed"}}}
        """
        try Data(json.utf8).write(to: dir.url.appendingPathComponent("broken.json"))
        let result = try Minibot.run(["scenario", "validate", dir.path("broken.json")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("steps.q1.timeout") || result.stdout.contains("steps.hello.intent_mapping"), "\(result.stdout)")
    }

    @Test func unknownTargetsAreReportedWithPaths() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let json = """
        {"metadata": {"name": "x"}, "steps": {
          "hello": {"message_text": "Bonjour", "intent_mapping": {"affirm": "bye", "deny": "nowhere", "silence": "retry_silence"}},
          "bye": {"message_text": "Au revoir", "result": "completed"}}}
        """
        try Data(json.utf8).write(to: dir.url.appendingPathComponent("s.json"))
        let result = try Minibot.run(["scenario", "validate", dir.path("s.json")])
        #expect(result.status == 1)
        #expect(result.stdout.contains("steps.hello.intent_mapping.deny"))
        #expect(result.stdout.contains("nowhere"))
        #expect(result.stdout.contains("steps.hello.intent_mapping.silence"))
    }

    @Test func graphPrintsMermaidAndDot() throws {
        let mermaid = try Minibot.run(["scenario", "graph", "finance_agent"], in: Self.repositoryRoot)
        #expect(mermaid.status == 0)
        #expect(mermaid.stdout.contains("Q1"))
        #expect(mermaid.stdout.hasPrefix("flowchart") || mermaid.stdout.hasPrefix("graph"))
        let dot = try Minibot.run(["scenario", "graph", "finance_agent", "--format", "dot"], in: Self.repositoryRoot)
        #expect(dot.stdout.contains("digraph"))
        #expect(dot.stdout.contains("->"))
    }

    /// Seed 001's example call, typed through a pipe.
    @Test func chatPlaysSeed001CallToALead() throws {
        let answers = "Oui\nOui mais c'est trop cher vos taux\nOui effectivement\noui\noui\noui\n"
        let result = try Minibot.run(["scenario", "chat", "finance_agent", "--contact", "first_name=Jean"], stdin: answers, in: Self.repositoryRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("bonjour Jean"))
        #expect(result.stdout.contains("objection matched: fin_trop_cher"))
        #expect(result.stdout.contains("(rail return)"))
        #expect(result.stdout.contains("result: LEAD (score 100)"))
    }

    @Test func chatEndsOnTwoSilencesAsNoAnswer() throws {
        let result = try Minibot.run(["scenario", "chat", "finance_agent"], stdin: "\n\n\n", in: Self.repositoryRoot)
        #expect(result.stdout.contains("NO_ANSWER"), "\(result.stdout)")
    }

    @Test func wizardWritesAScenarioThatValidates() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        // The seed's questions in order; an empty line takes the default; "abc" is refused and re-asked.
        let answers = ["test_wizard", "Scénario de test", "", "Énergie Plus", "", "", "abc", "2",
                       "Êtes-vous propriétaire ?", "Votre facture dépasse-t-elle 100 euros ?", "",
                       "2", "o", "3", "oui", "non", "40", "30", "30", "60"]
        let output = dir.path("wizard.json")
        let result = try Minibot.run(["scenario", "new", "--output", output, "--audio", dir.path("audio")], stdin: answers.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("Nom du scénario"))
        #expect(result.stdout.contains("⚠️"), "the invalid question count must be re-asked")
        let validate = try Minibot.run(["scenario", "validate", output])
        #expect(validate.status == 0, "\(validate.stdout)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [String: Any])
        #expect((json["metadata"] as? [String: Any])?["name"] as? String == "test_wizard")
        let steps = try #require(json["steps"] as? [String: Any])
        let texts = steps.values.compactMap { ($0 as? [String: Any])?["message_text"] as? String }
        #expect(texts.contains("Êtes-vous propriétaire ?"))
        let rules = try #require(json["qualification_rules"] as? [String: Any])
        #expect((rules["lead_threshold"] as? Double) == 60)
    }

    @Test func nluClassifyPrintsOneJSONObjectPerLine() throws {
        let input = "oui mais c est trop cher vos taux\nretirez moi de votre liste\nrappelez moi demain a 14 h\n\n"
        let result = try Minibot.run(["nlu", "classify", "--theme", "finance"], stdin: input)
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4)
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        for object in objects {
            #expect(Set(object.keys) == ["text", "intent", "confidence", "objection", "sentiment"])
        }
        #expect(objects[0]["intent"] as? String == "objection")
        #expect((objects[0]["objection"] as? [String: Any])?["id"] as? String == "fin_trop_cher")
        #expect(objects[1]["intent"] as? String == "opt_out")
        #expect(objects[2]["intent"] as? String == "callback")
        #expect(objects[3]["intent"] as? String == "silence")
    }

    @Test func nluRejectsUnknownTheme() throws {
        let result = try Minibot.run(["nlu", "classify", "--theme", "astrologie", "bonjour"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("astrologie"))
    }
}
