import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotStorage

/// pause / resume / cancel: a durable status change every worker sees at its next tick.
enum CampaignStatusChange {
    static func apply(_ event: CampaignEvent, to reference: String, database: DatabaseOptions) async throws {
        try await withDatabase(database) { db in
            var campaign = try await CampaignLookup.find(reference, in: db)
            let before = campaign.status
            do {
                try campaign.apply(event, at: Date())
            } catch {
                throw CLIError("campaign \(campaign.id) is \(before.rawValue): \(error)")
            }
            try await db.campaigns.updateStatus(id: campaign.id, from: before, to: campaign.status, at: Date())
            print("campaign \(campaign.id) \"\(campaign.name)\": \(before.rawValue) → \(campaign.status.rawValue)")
        }
    }
}

struct CampaignPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Stop starting new calls (live calls finish).")
    @Argument(help: "Campaign id or name.") var campaign: String
    @OptionGroup var database: DatabaseOptions
    func run() async throws { try await CampaignStatusChange.apply(.pause, to: campaign, database: database) }
}

struct CampaignResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Resume a paused campaign.")
    @Argument(help: "Campaign id or name.") var campaign: String
    @OptionGroup var database: DatabaseOptions
    func run() async throws { try await CampaignStatusChange.apply(.resume, to: campaign, database: database) }
}

struct CampaignCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel a campaign for good.")
    @Argument(help: "Campaign id or name.") var campaign: String
    @OptionGroup var database: DatabaseOptions
    func run() async throws { try await CampaignStatusChange.apply(.cancel, to: campaign, database: database) }
}
