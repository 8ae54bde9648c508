import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

/// Seed 000 §7.1's monitor screen, redrawn in place until the campaign ends.
struct CampaignMonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "monitor", abstract: "Watch a campaign live (progress, results, sentiment).")

    @Argument(help: "Campaign id or name.") var campaign: String
    @Option(help: "Seconds between refreshes.") var refresh: Double = 2
    @Flag(help: "Print the screen once and exit.") var once = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard refresh > 0 else { throw ValidationError("--refresh must be positive") }
        let timeZone = TimeZone(identifier: "Europe/Paris")!
        try await withDatabase(database) { db in
            let target = try await CampaignLookup.find(campaign, in: db)
            while true {
                let stats = try await db.campaigns.stats(campaignID: target.id, now: Date())
                let screen = CampaignMonitorScreen.render(stats, now: Date(), timeZone: timeZone)
                if once {
                    print(screen)
                    return
                }
                print("\u{1B}[H\u{1B}[2J" + screen, terminator: "\n")
                if stats.status == .completed || stats.status == .cancelled { return }
                try await Task.sleep(for: .milliseconds(Int(refresh * 1_000)))
            }
        }
    }
}
