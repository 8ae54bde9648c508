import Foundation
import MiniBotDialogue
import MiniBotLanguage
import Testing

/// The vocabulary a scenario gives the recogniser (Whisper's prompt).
@Suite("Scenario recognition hints")
struct RecognitionHintsTests {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    @Test func namesKeywordsAndTheAnswersTheStepsExpectComeFirstWithoutDuplicates() throws {
        let scenario = Scenario(
            metadata: ScenarioMetadata(name: "t"),
            variables: [ScenarioVariable("first_name", "{{first_name}}"), ScenarioVariable("company_name", "EcoEnergie"),
                        ScenarioVariable("agent_name", "Julie"), ScenarioVariable("offer", "audit")],
            steps: [
                ScenarioStep(id: "hello", messageText: "Bonjour", intentMapping: [IntentMappingEntry(.intent(.affirm), "q"),
                                                                                   IntentMappingEntry(.intent(.optOut), "bye")],
                             keywordMapping: [KeywordRoute("internet", "q"), KeywordRoute("Internet", "q")]),
                ScenarioStep(id: "q", messageText: "Q", intentMapping: [IntentMappingEntry(.intent(.affirm), "bye"), IntentMappingEntry(.wildcard, "bye")]),
            ])
        let hints = scenario.recognitionHints
        #expect(Array(hints.prefix(3)) == ["EcoEnergie", "Julie", "internet"])
        #expect(hints.contains("oui") && hints.contains("ne m'appelez plus"))
        #expect(!hints.contains("non"))                       // no step routes on deny
        #expect(!hints.contains { $0.contains("{{") } && !hints.contains("audit"))
        #expect(Set(hints.map { $0.lowercased() }).count == hints.count)
    }

    @Test func theShippedScenariosGiveTheirCompanyAndStayUnderTheLimit() throws {
        let scenario = try Scenario.load(path: Self.root + "/scenarios/rdv_energie.json")
        let hints = scenario.recognitionHints
        #expect(hints.first == "EcoEnergie")
        #expect(hints.count <= Scenario.recognitionHintLimit)
        #expect(hints.contains("oui") && hints.contains("non"))
    }
}
