import ArgumentParser
import Foundation
import MiniBotLanguage

struct NLUCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nlu",
        abstract: "French understanding tools.",
        subcommands: [NLUClassifyCommand.self]
    )
}

/// Lines in, one JSON object per line out: `{"text","intent","confidence","objection","sentiment"}`.
struct NLUClassifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify French utterances (one per line on stdin, or as arguments) into JSON lines."
    )

    @Option(name: .customLong("theme"), help: "Objection theme to search besides general (repeatable): finance, crypto, energie, immobilier.")
    var themes: [String] = []
    @Option(help: "Folder of extra objection theme files (JSON) to load besides the shipped ones.") var objections: String?
    @Argument(help: "Utterances (default: read stdin).") var utterances: [String] = []

    func run() throws {
        var database = try ObjectionDatabase.bundled()
        if let objections {
            do {
                database = try database.merging(ObjectionDatabase(directory: URL(fileURLWithPath: objections)))
            } catch {
                throw CLIError("\(error)")
            }
        }
        let known = Set(database.entries.map(\.theme))
        for theme in themes where !known.contains(theme) {
            throw ValidationError("--theme \(theme): unknown theme (known: \(known.sorted().joined(separator: ", ")))")
        }
        let pipeline = NLUPipeline(database: database)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let emit = { (text: String) throws in
            print(String(decoding: try encoder.encode(pipeline.analyze(text, themes: themes)), as: UTF8.self))
        }
        if !utterances.isEmpty {
            try utterances.forEach(emit)
            return
        }
        while let line = readLine() {
            try emit(line)
        }
    }
}
