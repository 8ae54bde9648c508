import ArgumentParser
import Foundation
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotServer

/// Plays a scenario in the terminal: type the caller's answers (an empty line is a silence).
/// Works with piped stdin, which makes it a quick regression tool for scenario authors.
/// With `LLM_ENGINE` set (environment or `.env`), unsure intents, unmatched objections and
/// `llm_prompt` steps go to the language model exactly as on a call.
struct ScenarioChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat",
        abstract: "Play a scenario by typing the caller's answers (no phone needed)."
    )

    @Argument(help: "Scenario file or name.") var file: String
    @Option(name: .customLong("contact"), help: "Contact variable, e.g. --contact first_name=Jean (repeatable).")
    var contactPairs: [String] = []
    @Flag(help: "Show why the engine went where it went.") var trace = false
    @Option(name: .customLong("env-file"), help: "Environment file for LLM_ENGINE and its variables (default .env).")
    var environmentFile: String = ".env"
    @Flag(name: .customLong("no-llm"), help: "Ignore LLM_ENGINE: rules only.") var noLanguageModel = false

    func run() async throws {
        let scenario = try ScenarioLocator.load(file).scenario
        var contact: [String: String] = [:]
        for pair in contactPairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ValidationError("--contact \(pair): expected key=value")
            }
            contact[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        let nlu = try NLUPipeline()
        let service: LanguageModelService?
        if noLanguageModel {
            service = nil
        } else {
            let values = try await ServiceConfigurationLoader.values(environmentFile: environmentFile)
            do {
                service = try LanguageModelService.make(environment: values)
            } catch {
                throw ValidationError("\(error)")
            }
        }
        var dialogue = DialogueConfiguration(railReturnQuestions: RailReturnQuestions.all)
        dialogue.languageModelAvailable = service != nil
        let chat = ScenarioChat(scenario: scenario, classifier: nlu.classifier, matcher: nlu.matcher, contact: contact,
                                configuration: dialogue, showTrace: trace)
        let interactive = isatty(STDIN_FILENO) != 0
        let output: @Sendable (String) -> Void = { line in
            print(line)
            fflush(nil)
        }
        if let service {
            output("   (language model: \(service.model.name)\(service.model.model.isEmpty ? "" : " " + service.model.model), timeout \(service.timeout))")
            var session = LanguageModelChat(chat: chat, nlu: nlu, service: service, output: output)
            session.chat.start().forEach(output)
            while !session.chat.isFinished {
                if interactive { print("👤 ", terminator: ""); fflush(nil) }
                guard let line = readLine() else {
                    output("\n(end of input: the caller hangs up)")
                    break
                }
                if !interactive { output("👤 \(line)") }
                await session.send(line)
            }
        } else {
            var chat = chat
            chat.start().forEach(output)
            while !chat.isFinished {
                if interactive { print("👤 ", terminator: ""); fflush(nil) }
                guard let line = readLine() else {
                    output("\n(end of input: the caller hangs up)")
                    break
                }
                if !interactive { output("👤 \(line)") }
                chat.send(line).forEach(output)
            }
        }
    }
}
