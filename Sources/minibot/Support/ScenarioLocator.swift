import Foundation
import MiniBotDialogue

/// Scenarios are named by file name from `scenarios/` or given as a path (SPEC F2):
/// `finance_agent`, `finance_agent.json` and `./my/file.yaml` all work (``ScenarioLibrary``).
enum ScenarioLocator {
    static let folder = "scenarios"

    static func path(for name: String, folder: String = folder) -> String? {
        ScenarioLibrary(folder: folder).path(for: name)
    }

    static func load(_ name: String) throws -> (path: String, scenario: Scenario) {
        do {
            return try ScenarioLibrary(folder: folder).load(name)
        } catch {
            throw CLIError("\(error)")
        }
    }
}

/// An error whose text is shown as is, after "Error: ".
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
