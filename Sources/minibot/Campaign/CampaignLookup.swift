import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotDialogue
import MiniBotStorage

/// Finds campaigns by id or name, and creates them with a scenario that must load and validate.
enum CampaignLookup {
    static func find(_ reference: String, in db: Database) async throws -> Campaign {
        if let id = Int64(reference), let campaign = try await db.campaigns.campaign(id: id) { return campaign }
        if let campaign = try await db.campaigns.campaigns().first(where: { $0.name == reference }) { return campaign }
        throw CLIError("campaign \(reference) not found (use `minibot campaign list`)")
    }

    static func findOrCreate(name: String, scenario: String?, in db: Database) async throws -> Campaign {
        if let existing = try await db.campaigns.campaigns().first(where: { $0.name == name }) { return existing }
        guard let scenario else { throw CLIError("campaign \(name) does not exist: give --scenario to create it") }
        return try await create(Campaign(id: 0, name: name, scenario: try checkedScenario(scenario)), in: db)
    }

    static func create(_ campaign: Campaign, in db: Database) async throws -> Campaign {
        var campaign = campaign
        campaign.createdAt = Date()
        return try await db.campaigns.create(campaign)
    }

    /// The scenario reference to store: it must exist and have no validation error.
    static func checkedScenario(_ reference: String) throws -> String {
        do {
            return try ScenarioLibrary(folder: ScenarioLocator.folder).checked(reference)
        } catch {
            throw CLIError("\(error)")
        }
    }
}
