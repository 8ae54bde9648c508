import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

/// Explains, per contact, whether the law lets us call at a given moment and, if not,
/// which rule forbids it and when the contact may next be called.
struct CampaignPlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Which contacts may be called at a given time, and if not, which rule forbids it and until when."
    )

    @Argument(help: "Campaign id or name.") var campaign: String
    @Option(help: "Moment to check, local to the campaign's time zone: \"2026-12-25 11:00\" (default: now).") var at: String?
    @Flag(help: "JSON list of {phone, callable, rule, next_allowed}.") var json = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database) { db in
            let target = try await CampaignLookup.find(campaign, in: db)
            let timeZone = TimeZone(identifier: target.compliance.timeZone) ?? TimeZone(identifier: "Europe/Paris")!
            let now = try at.map { try Self.parse($0, timeZone: timeZone) } ?? Date()
            var contacts: [(contact: Contact, history: ContactHistory)] = []
            var after: Int64 = 0
            let lookback = now.addingTimeInterval(-Double(max(target.compliance.capPeriodDays, target.compliance.refusalCooldownDays ?? 0) + 1) * 86_400)
            while true {
                let page = try await db.contacts.storedContacts(matching: target.settings.selection, afterID: after, limit: 1_000)
                guard let last = page.last else { break }
                after = last.id
                for stored in page {
                    contacts.append((stored.contact, try await db.contacts.history(phone: stored.contact.phone, since: lookback)))
                }
            }
            let entries = CampaignPlan.make(contacts: contacts, policy: target.compliance, now: now)
            if json {
                print(try JSONOutput.line(entries))
                return
            }
            let local = DateFormatter()
            local.timeZone = timeZone
            local.dateFormat = "EEEE yyyy-MM-dd HH:mm"
            local.locale = Locale(identifier: "en_US_POSIX")
            print("campaign \(target.id) \"\(target.name)\" at \(local.string(from: now)) (\(timeZone.identifier)):")
            for entry in entries {
                if entry.callable {
                    print("  ✓ \(entry.phone)  callable")
                } else {
                    print("  ✗ \(entry.phone)  \(entry.rule ?? "refused")" + (entry.nextAllowed.map { "  next allowed \($0)" } ?? "  never"))
                }
            }
            print("\(entries.filter(\.callable).count) of \(entries.count) contact(s) callable")
        }
    }

    static func parse(_ text: String, timeZone: TimeZone) throws -> Date {
        if let date = ISO8601DateFormatter().date(from: text) { return date }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        for format in ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        throw ValidationError("--at \(text): expected \"YYYY-MM-DD HH:MM\" (local time) or ISO 8601")
    }
}
