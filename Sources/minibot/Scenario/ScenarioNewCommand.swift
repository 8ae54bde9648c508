import ArgumentParser
import Foundation
import MiniBotDialogue
import MiniBotLanguage

/// Seed 000 §4.1's `create_scenario.py` wizard, in French like the seed; scriptable through
/// stdin (one answer per line; an empty line takes the default in brackets).
struct ScenarioNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a scenario by answering questions (assistant interactif, en français)."
    )

    @Option(help: "Where to write the JSON (default: scenarios/<name>.json).") var output: String?
    @Option(help: "Folder whose sub-folders are the available voices.") var audio: String = "audio"
    @Flag(help: "Overwrite an existing file.") var force = false

    func run() throws {
        let voices = ((try? FileManager.default.contentsOfDirectory(atPath: audio)) ?? [])
            .filter { !$0.hasPrefix(".") && Self.isDirectory(audio + "/" + $0) }
            .sorted()
        let themes = (try? ObjectionDatabase.bundled()).map { Array(Set($0.entries.map(\.theme))).sorted() } ?? []
        var wizard = ScenarioWizard(voices: voices, themes: themes)
        print("🧙 Assistant de création de scénario MiniBotPanel")
        while let question = wizard.currentQuestion {
            print(question)
            guard let line = readLine() else {
                throw CLIError("input ended before the scenario was complete (question: \(question))")
            }
            if case let .retry(error, _) = wizard.answer(line) {
                print("⚠️  \(error)")
            }
        }
        guard let scenario = wizard.scenario else { throw CLIError("the wizard ended without a scenario") }
        let path = output ?? "\(ScenarioLocator.folder)/\(scenario.metadata.name).json"
        if FileManager.default.fileExists(atPath: path), !force {
            throw CLIError("\(path) already exists (use --force to overwrite)")
        }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((scenario.jsonText() + "\n").utf8).write(to: url, options: .atomic)
        let report = ScenarioValidator().validate(scenario)
        print("✅ Scénario écrit : \(path) (\(scenario.steps.count) étapes, \(report.errors.count) erreur(s))")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
