import ArgumentParser

struct ScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenario",
        abstract: "Write, check, draw and try conversation scenarios.",
        subcommands: [ScenarioValidateCommand.self, ScenarioGraphCommand.self, ScenarioChatCommand.self, ScenarioNewCommand.self]
    )
}
