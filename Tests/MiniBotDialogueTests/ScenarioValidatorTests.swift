import MiniBotDialogue
import Testing

@Suite struct ScenarioValidatorTests {
    @Test func seed000ScenarioReportsExactlyTheUndefinedSteps() throws {
        let scenario = try Scenario.decode(SeedFixtures.seed000Scenario)
        let report = ScenarioValidator().validate(scenario)
        #expect(!report.isValid)
        #expect(report.errors.allSatisfy { $0.kind == .unknownTarget })
        let missing = Set(report.errors.compactMap { $0.message.split(separator: "\"").first.map(String.init) })
        #expect(missing == ["retry_hello", "retry_silence", "q2", "bye_failed"])
        #expect(Set(report.errors.map(\.path)) == [
            "steps.hello.intent_mapping.deny", "steps.hello.intent_mapping.silence", "steps.hello.intent_mapping.*",
            "steps.q1.intent_mapping.affirm", "steps.q1.intent_mapping.deny", "steps.q1.intent_mapping.unsure",
            "steps.q1.intent_mapping.silence", "steps.q1.intent_mapping.*",
        ])
        let deny = try #require(report.errors.first { $0.path == "steps.hello.intent_mapping.deny" })
        #expect(deny.description == "error\tsteps.hello.intent_mapping.deny: \"retry_hello\" is not a step")
        // "bye" is defined but nothing leads to it (nor to "end" after it): warnings, not errors.
        #expect(report.warnings.map(\.path) == ["steps.bye", "steps.end"])
        #expect(report.warnings.allSatisfy { $0.kind == .unreachableStep })
    }

    @Test func cleanBaseScenarioHasNoIssues() throws {
        let report = ScenarioValidator().validate(try Scenario.decode(ValidatorFixture.document()))
        #expect(report.issues == [])
    }

    struct Variant: CustomTestStringConvertible, Sendable {
        var name: String
        var json: String
        var path: String
        var kind: ValidationIssue.Kind
        var severity: ValidationIssue.Severity = .error
        var testDescription: String { name }
    }

    static let variants: [Variant] = [
        Variant(name: "unknown target", json: ValidatorFixture.document(q1: #"{"message_text": "Q1 ?", "determinant": true, "intent_mapping": {"affirm": "q2", "deny": "bye_failed", "*": "bye"}}"#),
                path: "steps.q1.intent_mapping.affirm", kind: .unknownTarget),
        Variant(name: "unknown intent", json: ValidatorFixture.document(hello: #"{"message_text": "Bonjour", "intent_mapping": {"maybe": "q1", "*": "q1"}}"#),
                path: "steps.hello.intent_mapping.maybe", kind: .unknownIntent),
        Variant(name: "unreachable step", json: ValidatorFixture.document(extra: #""orphan": {"message_text": "?", "result": "completed", "intent_mapping": {}}"#),
                path: "steps.orphan", kind: .unreachableStep, severity: .warning),
        Variant(name: "no way out", json: ValidatorFixture.document(q1: #"{"message_text": "Q1 ?", "intent_mapping": {}}"#),
                path: "steps.q1", kind: .noWayOut),
        Variant(name: "negative weight", json: ValidatorFixture.document(weights: #"{"hello": 50, "q1": -10}"#),
                path: "qualification_rules.scoring_weights.q1", kind: .invalidWeight),
        Variant(name: "all weights zero", json: ValidatorFixture.document(weights: #"{"hello": 0, "q1": 0}"#),
                path: "qualification_rules.scoring_weights", kind: .invalidWeight),
        Variant(name: "weight on unknown step", json: ValidatorFixture.document(weights: #"{"hello": 50, "Q9": 50}"#),
                path: "qualification_rules.scoring_weights.Q9", kind: .unknownWeightStep),
        Variant(name: "threshold out of range", json: ValidatorFixture.document(threshold: "150"),
                path: "qualification_rules.lead_threshold", kind: .invalidThreshold),
        Variant(name: "cycle without exit", json: ValidatorFixture.document(
                    hello: #"{"message_text": "Bonjour", "intent_mapping": {"affirm": "q1", "deny": "loop_a", "*": "q1"}}"#,
                    extra: #""loop_a": {"message_text": "A", "intent_mapping": {"*": "loop_b"}}, "loop_b": {"message_text": "B", "intent_mapping": {"*": "loop_a"}}"#),
                path: "steps.loop_a", kind: .cycleWithoutExit),
        Variant(name: "missing start step", json: ValidatorFixture.document(start: "accueil"),
                path: "metadata.start_step", kind: .missingStartStep),
        Variant(name: "unknown audio type", json: ValidatorFixture.document(hello: #"{"message_text": "Bonjour", "audio_type": "video", "intent_mapping": {"*": "q1"}}"#),
                path: "steps.hello.audio_type", kind: .invalidAudioType),
        Variant(name: "score_as unknown step", json: ValidatorFixture.document(q1: #"{"message_text": "Q1 ?", "score_as": "qx", "intent_mapping": {"*": "bye"}}"#),
                path: "steps.q1.score_as", kind: .unknownTarget),
        Variant(name: "negative timeout", json: ValidatorFixture.document(hello: #"{"message_text": "Bonjour", "timeout": -3, "intent_mapping": {"*": "q1"}}"#),
                path: "steps.hello.timeout", kind: .invalidValue),
    ]

    @Test(arguments: variants)
    func brokenVariantGivesItsPath(_ variant: Variant) throws {
        let report = ScenarioValidator().validate(try Scenario.decode(variant.json))
        let issue = report.issues.first { $0.path == variant.path && $0.kind == variant.kind }
        #expect(issue != nil, "issues were: \(report.issues)")
        #expect(issue?.severity == variant.severity)
        #expect(report.isValid == (variant.severity == .warning))
    }

    @Test func missingAudioIsCheckedAgainstTheSoundsRoot() throws {
        let json = ValidatorFixture.document(
            hello: #"{"message_text": "", "audio_type": "audio", "audio_file": "julie/base/hello.wav", "intent_mapping": {"*": "q1"}}"#,
            q1: #"{"message_text": "Q1 ?", "determinant": true, "audio_type": "audio", "audio_file": "/abs/q1.wav", "intent_mapping": {"affirm": "bye", "deny": "bye_failed", "*": "bye"}}"#)
        let present: Set<String> = ["/abs/q1.wav"]
        let validator = ScenarioValidator(soundsRoot: "/sounds", fileExists: { present.contains($0) })
        let report = validator.validate(try Scenario.decode(json))
        let missing = report.issues.filter { $0.kind == .missingAudio }
        #expect(missing.map(\.path) == ["steps.hello.audio_file"])
        #expect(missing.first?.message.hasPrefix("/sounds/julie/base/hello.wav does not exist") == true)
        #expect(missing.first?.severity == .error) // no text to synthesise instead

        let withText = ValidatorFixture.document(
            hello: #"{"message_text": "Bonjour", "audio_type": "audio", "audio_file": "hello.wav", "intent_mapping": {"*": "q1"}}"#)
        let soft = validator.validate(try Scenario.decode(withText)).issues.filter { $0.kind == .missingAudio }
        #expect(soft.map(\.severity) == [.warning])
        // Without a sounds root, audio is not checked at all.
        #expect(ScenarioValidator().validate(try Scenario.decode(json)).issues.filter { $0.kind == .missingAudio }.isEmpty)
    }

    @Test func collectsEveryProblemAtOnce() throws {
        let json = ValidatorFixture.document(
            q1: #"{"message_text": "Q1 ?", "intent_mapping": {"affirm": "q2", "nope": "bye"}}"#,
            weights: #"{"hello": -1, "zz": 5}"#, threshold: "-5")
        let kinds = Set(ScenarioValidator().validate(try Scenario.decode(json)).errors.map(\.kind))
        #expect(kinds.isSuperset(of: [.unknownTarget, .unknownIntent, .invalidWeight, .unknownWeightStep, .invalidThreshold]))
    }
}

/// A small valid scenario whose parts the variants replace.
enum ValidatorFixture {
    static func document(
        hello: String = #"{"message_text": "Bonjour {{first_name}}", "intent_mapping": {"affirm": "q1", "deny": "bye_failed", "*": "q1"}}"#,
        q1: String = #"{"message_text": "Q1 ?", "determinant": true, "intent_mapping": {"affirm": "bye", "deny": "bye_failed", "*": "bye"}}"#,
        extra: String? = nil, weights: String = #"{"hello": 50, "q1": 50}"#, threshold: String = "70", start: String = "hello"
    ) -> String {
        """
        {"metadata": {"name": "v", "start_step": "\(start)"},
         "steps": {"hello": \(hello), "q1": \(q1),
                   "bye": {"message_text": "Au revoir", "result": "completed", "intent_mapping": {}},
                   "bye_failed": {"message_text": "Dommage", "result": "not_interested", "intent_mapping": {}}\(extra.map { ", " + $0 } ?? "")},
         "qualification_rules": {"lead_threshold": \(threshold), "scoring_weights": \(weights)}}
        """
    }
}
