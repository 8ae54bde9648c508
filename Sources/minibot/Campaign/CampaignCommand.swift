import ArgumentParser

struct CampaignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign",
        abstract: "Create, launch, watch and export outbound campaigns.",
        subcommands: [CampaignCreateCommand.self, CampaignListCommand.self, CampaignLaunchCommand.self,
                      CampaignPauseCommand.self, CampaignResumeCommand.self, CampaignCancelCommand.self,
                      CampaignMonitorCommand.self, CampaignExportCommand.self, CampaignPlanCommand.self]
    )
}
