import ArgumentParser
import Foundation
import MiniBotDialogue

/// Lists every problem of each file with its JSON path; exit 1 when any file has an error.
struct ScenarioValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; every problem is listed with its JSON path."
    )

    @Argument(help: "Scenario files (JSON or YAML), or names from scenarios/.") var files: [String]
    @Option(help: "Folder the audio_file paths are relative to (checks that they exist).") var sounds: String?

    func run() throws {
        var failed = false
        let validator = ScenarioValidator(soundsRoot: sounds, fileExists: { FileManager.default.fileExists(atPath: $0) })
        for file in files {
            let scenario: Scenario
            do {
                scenario = try ScenarioLocator.load(file).scenario
            } catch {
                print("\(file): error\n  \(error)")
                failed = true
                continue
            }
            let report = validator.validate(scenario)
            if report.issues.isEmpty {
                print("\(file): ok")
                continue
            }
            failed = failed || !report.isValid
            print("\(file): \(report.isValid ? "ok" : "invalid") (\(report.errors.count) error(s), \(report.warnings.count) warning(s))")
            for issue in report.issues.sorted(by: { ($0.severity, $0.path) < ($1.severity, $1.path) }) {
                print("  \(issue.severity.rawValue): \(issue.path): \(issue.message)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
