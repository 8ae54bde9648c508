import MiniBotDialogue
import Testing

@Suite struct ScenarioGraphTests {
    @Test func mermaidShowsStepsEdgesAndMissingTargets() throws {
        let text = ScenarioGraph.mermaid(try Scenario.decode(SeedFixtures.seed000Scenario))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart TD")
        // hello → q1 on affirm and unsure, merged in one labelled edge.
        #expect(lines.contains { $0.contains("-->|affirm, unsure|") })
        #expect(lines.contains { $0.contains("retry_hello (missing)") })
        #expect(lines.contains { $0.contains("classDef missing") })
        #expect(lines.contains { $0.contains("start((start)) -->") })
    }

    @Test func dotHasOneEdgePerTargetAndShapesTerminals() throws {
        let scenario = try shippedScenario("finance_agent")
        let text = ScenarioGraph.dot(scenario)
        #expect(text.hasPrefix("digraph \"finance_agent\" {"))
        #expect(text.contains("\"Q1\" -> \"Q2\" [label=\"affirm, unsure\"];"))
        #expect(text.contains("\"Confirm_Time\" -> \"Bye\" [label=\"next\"];"))
        #expect(text.contains("\"Bye\" [label=\"Bye\", shape=doubleoctagon];"))
        let edgeCount = text.split(separator: "\n").filter { $0.contains(" -> ") }.count
        let expected = scenario.steps.reduce(0) { count, step in count + Set(step.edges.map(\.target)).count }
        #expect(edgeCount == expected)
    }
}
