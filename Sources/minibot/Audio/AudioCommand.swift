import ArgumentParser

struct AudioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Prepare, convert, inspect and analyse telephone audio.",
        subcommands: [AudioPrepareCommand.self, AudioConvertCommand.self, AudioInspectCommand.self, AudioAnalyzeCommand.self, AudioSynthesizeCommand.self]
    )
}
