import ArgumentParser

struct ContactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contacts",
        abstract: "Import and export contacts.",
        subcommands: [ContactsImportCommand.self, ContactsExportCommand.self]
    )
}
