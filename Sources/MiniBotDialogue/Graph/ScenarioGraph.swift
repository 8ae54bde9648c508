import Foundation

/// Draws a scenario's steps and intent edges as Mermaid (for Markdown, GitHub) or Graphviz DOT,
/// so authors can see the rail and reviewers can spot dead ends (`minibot scenario graph`).
///
///     print(ScenarioGraph.mermaid(scenario))
///     // flowchart TD
///     //   hello["hello"] -->|affirm| q1["q1"] …
public enum ScenarioGraph {
    public static func mermaid(_ scenario: Scenario) -> String {
        var lines = ["flowchart TD"]
        var ids: [String: String] = [:]
        func node(_ id: String) -> String {
            if let existing = ids[id] { return existing }
            let safe = "n\(ids.count)_" + String(id.unicodeScalars.map { scalar in
                (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar) ? Character(scalar) : "_"
            })
            ids[id] = safe
            return safe
        }
        for step in scenario.steps {
            let label = escapeMermaid(step.id)
            let shape = step.isTerminal ? "([\"\(label)\"])" : (step.determinant ? "{{\"\(label)\"}}" : "[\"\(label)\"]")
            lines.append("    \(node(step.id))\(shape)")
        }
        var missing: [String] = []
        for step in scenario.steps {
            for edge in groupedEdges(step) {
                if scenario.step(edge.target) == nil, edge.target != ScenarioStep.returnTarget, !missing.contains(edge.target) {
                    missing.append(edge.target)
                    lines.append("    \(node(edge.target))[\"\(escapeMermaid(edge.target)) (missing)\"]:::missing")
                }
                let target = edge.target == ScenarioStep.returnTarget ? returnNode(&lines, node) : node(edge.target)
                lines.append("    \(node(step.id)) -->|\(escapeMermaid(edge.label))| \(target)")
            }
        }
        if let start = scenario.startStepID, scenario.step(start) != nil {
            lines.append("    start((start)) --> \(node(start))")
        }
        if !missing.isEmpty { lines.append("    classDef missing stroke:#d00,stroke-dasharray:4") }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func dot(_ scenario: Scenario) -> String {
        var lines = ["digraph \"\(escapeDot(scenario.metadata.name.isEmpty ? "scenario" : scenario.metadata.name))\" {",
                     "    rankdir=TB;", "    node [shape=box, fontname=\"Helvetica\"];"]
        for step in scenario.steps {
            var attributes = ["label=\"\(escapeDot(step.id))\""]
            if step.isTerminal { attributes.append("shape=doubleoctagon") } else if step.determinant { attributes.append("shape=diamond") }
            if step.id == scenario.startStepID { attributes.append("style=bold") }
            lines.append("    \"\(escapeDot(step.id))\" [\(attributes.joined(separator: ", "))];")
        }
        var missing: Set<String> = []
        for step in scenario.steps {
            for edge in groupedEdges(step) {
                if scenario.step(edge.target) == nil, edge.target != ScenarioStep.returnTarget, missing.insert(edge.target).inserted {
                    lines.append("    \"\(escapeDot(edge.target))\" [label=\"\(escapeDot(edge.target)) (missing)\", color=red, style=dashed];")
                }
                lines.append("    \"\(escapeDot(step.id))\" -> \"\(escapeDot(edge.target))\" [label=\"\(escapeDot(edge.label))\"];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Edges to the same target merged into one labelled "affirm, unsure".
    static func groupedEdges(_ step: ScenarioStep) -> [StepEdge] {
        var order: [String] = []
        var labels: [String: [String]] = [:]
        for edge in step.edges {
            if labels[edge.target] == nil { order.append(edge.target) }
            labels[edge.target, default: []].append(edge.label)
        }
        return order.map { StepEdge(label: labels[$0, default: []].joined(separator: ", "), target: $0, path: "steps.\(step.id)") }
    }

    private static func returnNode(_ lines: inout [String], _ node: (String) -> String) -> String {
        let id = node(ScenarioStep.returnTarget)
        if !lines.contains(where: { $0.hasPrefix("    \(id)[") }) {
            lines.append("    \(id)[\"(back to previous step)\"]")
        }
        return id
    }

    private static func escapeMermaid(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "|", with: "#124;")
    }

    private static func escapeDot(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
