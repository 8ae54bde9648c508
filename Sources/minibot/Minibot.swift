import ArgumentParser

/// The one executable: every seed script became a subcommand (SPEC "Command line").
@main
struct Minibot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "minibot",
        abstract: "MiniBotPanel — self-hosted French voice robot for Asterisk and FreeSWITCH.",
        subcommands: [
            DemoCommand.self,
            AudioCommand.self,
            ScenarioCommand.self,
            NLUCommand.self,
            SpeechCommand.self,
            ContactsCommand.self,
            OptOutCommand.self,
            CampaignCommand.self,
            ServeCommand.self,
            DoctorCommand.self,
            CallCommand.self,
            RecordingsCommand.self,
        ]
    )
}
