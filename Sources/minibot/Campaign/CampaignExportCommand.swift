import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

/// Seed 000 §8: `campaign_<id>_export.csv` (UTF-8 with BOM, the seed's columns) and
/// `campaign_<id>_export_summary.txt`.
struct CampaignExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a campaign's calls as CSV plus a summary.")

    @Argument(help: "Campaign id or name.") var campaign: String
    @Option(help: "Folder to write into.") var outputDir: String = "."
    @Option(help: "CSV separator: ',' or ';' (French Excel).") var separator: String = ","
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard separator == "," || separator == ";" else { throw ValidationError("--separator: expected ',' or ';'") }
        try await withDatabase(database) { db in
            let target = try await CampaignLookup.find(campaign, in: db)
            let paths = try await CampaignExporter.export(target, from: db, to: outputDir, separator: Character(separator))
            print("\(paths.rows) call(s) exported")
            print("  \(paths.csv)")
            print("  \(paths.summary)")
        }
    }
}

/// Writes the export files; shared by `campaign export` and `demo`.
enum CampaignExporter {
    struct Written {
        var csv: String
        var summary: String
        var rows: Int
    }

    static func export(_ campaign: Campaign, from db: Database, to folder: String, separator: Character = ",") async throws -> Written {
        let timeZone = TimeZone(identifier: campaign.compliance.timeZone) ?? TimeZone(identifier: "Europe/Paris")!
        let records = try await db.calls.calls(campaignID: campaign.id)
        let stats = try await db.campaigns.stats(campaignID: campaign.id, now: Date())
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let csvPath = folder + "/campaign_\(campaign.id)_export.csv"
        let summaryPath = folder + "/campaign_\(campaign.id)_export_summary.txt"
        try Data(CampaignExport.csv(records, timeZone: timeZone, separator: separator)).write(to: URL(fileURLWithPath: csvPath), options: .atomic)
        let summary = CampaignExport.summary(campaign: campaign, records: records, totalContacts: stats.totalContacts, now: Date(), timeZone: timeZone)
        try Data(summary.utf8).write(to: URL(fileURLWithPath: summaryPath), options: .atomic)
        return Written(csv: csvPath, summary: summaryPath, rows: records.count)
    }
}
