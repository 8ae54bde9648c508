import ArgumentParser
import Foundation
import MiniBotDialer

struct CampaignListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List campaigns.")

    @Flag(help: "JSON array of campaigns with their id.") var json = false
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await withDatabase(database) { db in
            let campaigns = try await db.campaigns.campaigns()
            if json {
                print(try JSONOutput.line(campaigns.map(CampaignSummaryJSON.init)))
                return
            }
            if campaigns.isEmpty { print("no campaign yet (minibot campaign create --name … --scenario …)") }
            for campaign in campaigns {
                print(String(format: "%5lld  %-10@  %@  (%@)", campaign.id, campaign.status.rawValue as NSString,
                             campaign.name as NSString, campaign.scenario as NSString))
            }
        }
    }
}
