import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

struct OptOutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optout",
        abstract: "The opposition list (Bloctel file) and the do-not-call list.",
        subcommands: [OptOutImportCommand.self, OptOutAddCommand.self]
    )
}

/// Replaces the opposition list with a Bloctel-style file: one number per line, or a CSV
/// whose first column holding a phone number is used. Bad lines are reported, never fatal.
struct OptOutImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import an opposition list (replaces the previous one).")

    @Argument(help: "File: one number per line, or CSV.") var file: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): file not found or not readable") }
        let parsed = OppositionListParser.parse(String(decoding: data, as: UTF8.self))
        try await withDatabase(database) { db in
            let stored = try await db.optOuts.replaceOppositionList(parsed.phones, importedAt: Date())
            print("\(file): \(stored) number(s) on the opposition list, \(parsed.invalid.count) invalid line(s)")
            for (line, value) in parsed.invalid.prefix(50) { print("  line \(line): \(value)") }
        }
    }
}

struct OptOutAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Never call this number again (do-not-call).")

    @Argument(help: "Phone number.") var number: String
    @Option(help: "Why (kept as the opt-out's source).") var reason: String = "manual"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let phone: PhoneNumber
        do {
            phone = try PhoneNumber(parsing: number)
        } catch {
            throw ValidationError("\(number): \(error.reason)")
        }
        try await withDatabase(database) { db in
            try await db.optOuts.addOptOut(phone, at: Date(), source: reason)
            print("\(phone.e164) added to the do-not-call list")
        }
    }
}

/// Reads numbers from a Bloctel export or any list: the first cell of each line that parses
/// as a phone number wins; header lines and blank lines are skipped silently.
enum OppositionListParser {
    static func parse(_ text: String) -> (phones: [PhoneNumber], invalid: [(Int, String)]) {
        var phones: [PhoneNumber] = []
        var invalid: [(Int, String)] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}")))
            guard !line.isEmpty else { continue }
            let cells = line.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "\t" })
                .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
            if let phone = cells.lazy.compactMap({ try? PhoneNumber(parsing: $0) }).first {
                phones.append(phone)
            } else if index > 0 || cells.allSatisfy({ $0.rangeOfCharacter(from: .decimalDigits) != nil }) {
                invalid.append((index + 1, line))
            }
        }
        return (phones, invalid)
    }
}
