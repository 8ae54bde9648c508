import ArgumentParser
import MiniBotDialogue
import MiniBotLanguage

/// Plays a scenario in the terminal: type the caller's answers (an empty line is a silence).
/// Works with piped stdin, which makes it a quick regression tool for scenario authors.
struct ScenarioChatCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Play a scenario by typing the caller's answers (no phone needed)."
    )

    @Argument(help: "Scenario file or name.") var file: String
    @Option(name: .customLong("contact"), help: "Contact variable, e.g. --contact first_name=Jean (repeatable).")
    var contactPairs: [String] = []
    @Flag(help: "Show why the engine went where it went.") var trace = false

    func run() throws {
        let scenario = try ScenarioLocator.load(file).scenario
        var contact: [String: String] = [:]
        for pair in contactPairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--contact \(pair): expected key=value")
            }
            contact[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        let nlu = try NLUPipeline()
        var chat = ScenarioChat(scenario: scenario, classifier: nlu.classifier, matcher: nlu.matcher, contact: contact,
                                configuration: DialogueConfiguration(railReturnQuestions: RailReturnQuestions.all), showTrace: trace)
        chat.start().forEach { print($0) }
        while !chat.isFinished {
            print("👤 ", terminator: "")
            guard let line = readLine() else {
                print("\n(end of input: the caller hangs up)")
                break
            }
            chat.send(line).forEach { print($0) }
        }
    }
}
