import Foundation
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony

/// `minibot-bench llm [rounds=5]`: (1) the share of caller turns that need the language model on the
/// shipped scenarios played by the simulated personas (an unsure intent, an unmatched objection or
/// question, a step with `llm_prompt`); (2) with `LLM_URL` (or `MINIBOT_TEST_LLM_URL`, e.g. from
/// `scripts/llm-local.sh start`) set, time to the first sentence and to the whole answer of a freestyle
/// request, `rounds` times (no cache).
func languageModelBenchmark(rounds: Int) async {
    let nlu: NLUPipeline
    do { nlu = try NLUPipeline() } catch { print("NLU resources missing: \(error)"); return }
    let settings = LanguageModelSettings()
    var total = 0, needing = 0, intents = 0, freestyles = 0, steps = 0
    for file in ["finance_agent", "rdv_energie", "sav_inbound"] {
        guard let scenario = try? Scenario.load(path: "scenarios/\(file).json") else { print("scenarios/\(file).json missing"); continue }
        for name in SimulatedPersonas.names {
            guard case .answers(let persona)? = SimulatedPersonas.contact(named: name) else { continue }
            var configuration = DialogueConfiguration(railReturnQuestions: RailReturnQuestions.all)
            configuration.languageModelAvailable = true
            var engine = DialogueEngine(scenario: scenario, matcher: nlu.matcher, configuration: configuration)
            _ = engine.handle(.callAnswered)
            for turn in persona.turns {
                guard case .say(let text) = turn, !engine.isFinished else { continue }
                total += 1
                let local = nlu.classifier.classify(text)
                var needs = false
                if settings.needsModel(local) { intents += 1; needs = true }
                for action in engine.handle(.utterance(text: text, intent: local)) {
                    switch action {
                    case .freestyle: freestyles += 1; needs = true
                    case .playStep(let prompt) where scenario.step(prompt.stepID)?.llmPrompt != nil: steps += 1; needs = true
                    default: break
                    }
                }
                if needs { needing += 1 }
            }
        }
    }
    let share = total == 0 ? 0 : Double(needing) * 100 / Double(total)
    print(String(format: "turns needing the model: %d of %d caller turns (%.1f %%): %d unsure intents, %d freestyle, %d llm_prompt steps",
                 needing, total, share, intents, freestyles, steps))

    let environment = ProcessInfo.processInfo.environment
    guard let url = environment["MINIBOT_TEST_LLM_URL"] ?? environment["LLM_URL"] else {
        print("no LLM_URL / MINIBOT_TEST_LLM_URL: latency not measured (scripts/llm-local.sh start)")
        return
    }
    let model = HTTPLanguageModel(configuration: .init(engine: .openai, baseURL: url,
                                                       model: environment["MINIBOT_TEST_LLM_MODEL"] ?? environment["LLM_MODEL"] ?? ""))
    let service = LanguageModelService(model: model, timeout: .seconds(60), answerBudget: .seconds(120))
    let request = FreestyleRequest(utterance: "c'est quoi exactement votre société", intent: .question, stepID: "Hello",
                                   stepPrompt: "Je suis Julie de notre banque.", objective: "Renégociation de crédit immobilier",
                                   themes: ["finance"], railReturn: "Ça vous parle ?", history: [])
    var firsts: [Double] = [], wholes: [Double] = [], failures = 0
    for round in 0..<max(1, rounds) {
        let job = LanguageModelJob(id: round, purpose: .freestyle, messages: request.messages(facts: ["company_name": "notre banque"]),
                                   policy: settings.policy(facts: ""))
        let box = ResultBox()
        await service.run(job) { event in box.set(event) }
        switch box.terminal {
        case .finished(_, let latency, let first, _)?:
            wholes.append(latency)
            if let first { firsts.append(first) }
        default:
            failures += 1
        }
    }
    func median(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "-" }
        return String(format: "%.0f ms", values.sorted()[values.count / 2])
    }
    func maximum(_ values: [Double]) -> String { values.max().map { String(format: "%.0f ms", $0) } ?? "-" }
    print("freestyle answer against \(url) (\(rounds) rounds, \(failures) failed): first sentence median \(median(firsts)) "
          + "(max \(maximum(firsts))), whole answer median \(median(wholes)) (max \(maximum(wholes)))")
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var last: LanguageModelEvent?
    func set(_ event: LanguageModelEvent) {
        lock.lock(); defer { lock.unlock() }
        switch event {
        case .finished, .failed: last = event
        default: break
        }
    }
    var terminal: LanguageModelEvent? { lock.lock(); defer { lock.unlock() }; return last }
}
