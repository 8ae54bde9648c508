import Foundation
import MiniBotDialogue

/// Scenarios are named by file name from `scenarios/` or given as a path (SPEC F2):
/// `finance_agent`, `finance_agent.json` and `./my/file.yaml` all work.
enum ScenarioLocator {
    static let folder = "scenarios"

    static func path(for name: String, folder: String = folder) -> String? {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: name) { return name }
        for candidate in [name, name + ".json", name + ".yaml", name + ".yml"] {
            let path = folder + "/" + candidate
            if fileManager.fileExists(atPath: path) { return path }
        }
        return nil
    }

    static func load(_ name: String) throws -> (path: String, scenario: Scenario) {
        guard let path = path(for: name) else {
            throw CLIError("scenario \(name) not found (looked for the path and in \(folder)/ with .json, .yaml, .yml)")
        }
        do {
            return (path, try Scenario.load(path: path))
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
