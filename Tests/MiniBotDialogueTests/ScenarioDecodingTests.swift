import MiniBotDialogue
import MiniBotLanguage
import Testing

@Suite struct ScenarioDecodingTests {
    @Test func decodesSeed000JSONUnchanged() throws {
        let scenario = try Scenario.decode(SeedFixtures.seed000Scenario)
        #expect(scenario.metadata.name == "rdv_energie")
        #expect(scenario.metadata.themeFile == "objections_energie")
        #expect(scenario.objectionThemes == ["energie"])
        #expect(scenario.steps.map(\.id) == ["hello", "q1", "bye", "end"])
        let hello = try #require(scenario.step("hello"))
        #expect(hello.timeout == 15)
        #expect(hello.maxAutonomousTurns == 2)
        #expect(hello.bargeIn == true)
        #expect(hello.target(for: .affirm) == "q1")
        #expect(hello.target(for: .question) == "retry_hello") // via the "*" wildcard
        #expect(hello.explicitTarget(for: .question) == nil)
        #expect(scenario.step("bye")?.result == "completed")
        #expect(scenario.step("end")?.audioType == "none")
        #expect(scenario.variableDictionary["company_name"] == "EcoEnergie")
        #expect(scenario.startStepID == "hello")
    }

    @Test func typeErrorsNameTheJSONPath() {
        let text = #"{"steps": {"hello": {"message_text": "x", "timeout": "quinze", "intent_mapping": {}}}}"#
        #expect(throws: ScenarioDecodingError(path: "steps.hello.timeout", message: "expected a number, found a string")) {
            try Scenario.decode(text)
        }
        let weights = #"{"steps": {}, "qualification_rules": {"scoring_weights": {"q1": "trente"}}}"#
        do {
            _ = try Scenario.decode(weights)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == "qualification_rules.scoring_weights.q1")
            #expect(error.description.hasPrefix("qualification_rules.scoring_weights.q1: expected a number"))
        }
    }

    @Test func mappingValuesMustBeStrings() {
        let text = #"{"steps": {"q1": {"intent_mapping": {"affirm": ["q2"]}}}}"#
        #expect(throws: ScenarioDecodingError(path: "steps.q1.intent_mapping.affirm", message: "expected a string, found an array")) {
            try Scenario.decode(text)
        }
    }

    @Test func missingStepsAndBadSyntaxAreReported() {
        #expect(throws: ScenarioDecodingError.self) { try Scenario.decode(#"{"metadata": {"name": "x"}}"#) }
        do {
            _ = try Scenario.decode("{\"steps\": {", file: "broken.json")
            Issue.record("expected an error")
        } catch {
            #expect(error.file == "broken.json")
            #expect(error.message.contains("not valid JSON or YAML"))
        }
    }

    @Test func unknownKeysAreKeptThroughARoundTrip() throws {
        let text = #"""
        {"metadata": {"name": "t", "owner": "ops"},
         "steps": {"hello": {"message_text": "Bonjour", "color": "blue", "intent_mapping": {"*": "bye"}},
                   "bye": {"message_text": "Au revoir", "result": "completed", "intent_mapping": {}}},
         "comment": "kept"}
        """#
        let scenario = try Scenario.decode(text)
        #expect(scenario.metadata.extras == [JSONField("owner", .string("ops"))])
        #expect(scenario.step("hello")?.extras == [JSONField("color", .string("blue"))])
        #expect(scenario.extras == [JSONField("comment", .string("kept"))])
        let again = try Scenario.decode(scenario.jsonText())
        #expect(again == scenario)
    }

    @Test func seedScenarioRoundTripsAndEncodingIsStable() throws {
        let scenario = try Scenario.decode(SeedFixtures.seed000Scenario)
        let text = scenario.jsonText()
        #expect(try Scenario.decode(text) == scenario)
        #expect(try Scenario.decode(text).jsonText() == text)
        // Seed order of top-level keys and step keys.
        let metadataAt = try #require(text.range(of: "\"metadata\""))
        let stepsAt = try #require(text.range(of: "\"steps\""))
        #expect(metadataAt.lowerBound < stepsAt.lowerBound)
    }

    @Test func yamlIsAcceptedWithTheSameMeaning() throws {
        let yaml = """
        metadata:
          name: yaml_demo
          theme_file: objections_finance
        variables:
          agent_name: Julie
        steps:
          hello:
            message_text: "Bonjour {{first_name}}"
            timeout: 10
            barge_in: true
            intent_mapping:
              affirm: bye
              "*": bye
          bye:
            message_text: Au revoir
            result: completed
            intent_mapping: {}
        qualification_rules:
          lead_threshold: 70
          scoring_weights:
            hello: 100
        """
        let scenario = try Scenario.decode(yaml)
        #expect(scenario.steps.map(\.id) == ["hello", "bye"])
        #expect(scenario.step("hello")?.timeout == 10)
        #expect(scenario.step("hello")?.wildcardTarget == "bye")
        #expect(scenario.qualificationRules == QualificationRules(leadThreshold: 70, scoringWeights: [StepWeight("hello", 100)]))
    }

    @Test func weightsAreNormalisedTo100() {
        let rules = QualificationRules(leadThreshold: 70, scoringWeights: [StepWeight("a", 1), StepWeight("b", 1), StepWeight("c", 2)])
        #expect(rules.normalisedWeights == ["a": 25, "b": 25, "c": 50])
        #expect(QualificationRules(scoringWeights: [StepWeight("a", 0)]).normalisedWeights.isEmpty)
    }
}
