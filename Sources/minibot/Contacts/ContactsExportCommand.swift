import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

/// Seed `export_contacts.py`: contacts by status (e.g. `--status lead`) as CSV, UTF-8 with BOM
/// so French Excel opens it with accents intact.
struct ContactsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export contacts, optionally only those with a given status (new, lead, not_interested, …)."
    )

    @Option(help: "Only contacts with this status (repeatable).") var status: [String] = []
    @Option(help: "Output file (default: stdout).") var output: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        var statuses: Set<ContactStatus>?
        if !status.isEmpty {
            statuses = []
            for name in status {
                guard let value = ContactStatus(rawValue: name.lowercased()) else {
                    throw ValidationError("--status \(name): expected one of \(ContactStatus.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                statuses?.insert(value)
            }
        }
        let selection = ContactSelection(statuses: statuses)
        try await withDatabase(database) { db in
            var variableNames = Set<String>()
            var rows: [StoredContact] = []
            var after: Int64 = 0
            while true {
                let page = try await db.contacts.storedContacts(matching: selection, afterID: after, limit: 5_000)
                guard let last = page.last else { break }
                rows += page
                after = last.id
                for row in page { variableNames.formUnion(row.contact.variables.keys) }
            }
            let extra = variableNames.sorted()
            let header = ["phone", "first_name", "last_name", "company", "email", "notes", "status", "attempts",
                          "legal_basis", "consent_date", "consent_source"] + extra
            var lines = [header.map { CampaignExport.quote($0, ",") }.joined(separator: ",")]
            for row in rows {
                let contact = row.contact
                let fields = [contact.phone.e164, contact.firstName, contact.lastName, contact.company, contact.email, contact.notes,
                              row.status.rawValue, String(row.attempts), contact.legalBasis?.kind.rawValue ?? "",
                              contact.legalBasis?.consentDate?.description ?? "", contact.legalBasis?.consentSource ?? ""]
                    + extra.map { contact.variables[$0] ?? "" }
                lines.append(fields.map { CampaignExport.quote($0, ",") }.joined(separator: ","))
            }
            let text = lines.joined(separator: "\r\n") + "\r\n"
            if let output {
                try Data(CampaignExport.byteOrderMark + Array(text.utf8)).write(to: URL(fileURLWithPath: output), options: .atomic)
                print("\(rows.count) contact(s) exported to \(output)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
