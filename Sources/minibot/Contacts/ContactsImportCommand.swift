import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

/// Seed 000 §5 / `import_contacts.py`: every valid row is stored, every bad row reported
/// with its line and reason, duplicates merged; `--campaign` also queues them for a campaign.
struct ContactsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import contacts from a CSV file (UTF-8 or Latin-1, ',' or ';')."
    )

    @Argument(help: "CSV file with at least a phone column.") var file: String
    @Option(help: "Queue the imported contacts for this campaign (created if it does not exist).") var campaign: String?
    @Option(help: "Scenario for a campaign created by --campaign (name in scenarios/ or a path).") var scenario: String?
    @Option(help: "Report format: text or json.") var report: String = "text"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard report == "text" || report == "json" else { throw ValidationError("--report \(report): expected text or json") }
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): file not found or not readable") }
        let result: ContactImportResult
        do {
            result = try ContactImporter().importContacts(from: [UInt8](data))
        } catch {
            throw CLIError("\(file): \(error)")
        }
        try await withDatabase(database) { db in
            var target: Campaign?
            if let name = campaign { target = try await CampaignLookup.findOrCreate(name: name, scenario: scenario, in: db) }
            let outcome = try await db.store(result.contacts, queueFor: target, at: Date())
            let saved = outcome.saved
            if report == "json" {
                print(try JSONOutput.line(result.report))
                return
            }
            print("\(file): \(result.report.imported) contact(s) imported (\(saved.inserted) new, \(saved.updated) updated), "
                + "\(result.report.duplicates) duplicate(s) merged, \(result.report.invalid.count) invalid row(s)")
            for row in result.report.invalid {
                print("  line \(row.line): \(row.value.isEmpty ? "(empty)" : row.value) — \(row.reason)")
            }
            if let target {
                print("campaign \(target.id) \"\(target.name)\": \(outcome.queued) contact(s) queued")
            }
        }
    }
}
