import ArgumentParser
import MiniBotDialogue

struct ScenarioGraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw a scenario's steps and intent edges as Mermaid or Graphviz DOT."
    )

    @Argument(help: "Scenario file or name.") var file: String
    @Option(help: "mermaid or dot.") var format: String = "mermaid"

    func run() throws {
        let scenario = try ScenarioLocator.load(file).scenario
        switch format.lowercased() {
        case "mermaid": print(ScenarioGraph.mermaid(scenario))
        case "dot": print(ScenarioGraph.dot(scenario))
        default: throw ValidationError("--format \(format): expected mermaid or dot")
        }
    }
}
