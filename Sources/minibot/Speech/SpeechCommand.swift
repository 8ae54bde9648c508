import ArgumentParser

struct SpeechCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech",
        abstract: "Speech recognition tools (the engine STT_ENGINE configures).",
        subcommands: [SpeechTranscribeCommand.self]
    )
}
