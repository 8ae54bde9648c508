import Foundation
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import Synchronization

/// `scenario chat` with a language model: the same decisions as a call (``LanguageModelSettings``,
/// the same prompts, ``LanguageModelService``'s deadline and caps), printed instead of spoken, so an
/// author sees what the model would say before any call. Sentences are printed as they arrive.
struct LanguageModelChat {
    var chat: ScenarioChat
    let nlu: NLUPipeline
    let service: LanguageModelService
    let settings = LanguageModelSettings()
    var nextJob = 0
    /// Where lines go (stdout, flushed per line, so piped output shows the streaming order).
    let output: @Sendable (String) -> Void

    mutating func send(_ line: String) async {
        guard !chat.isFinished else { return output("(the call has ended)") }
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty {
            output("   … (silence)")
            return await perform(chat.silenceActions())
        }
        let local = nlu.classifier.classify(text)
        var intent = local
        output("   intent: \(local.intent.rawValue) (\(String(format: "%.2f", local.confidence)))")
        if settings.needsModel(local) {
            let question = chat.engine.currentStep.map { TemplateRenderer.render($0.messageText, chat.engine.state.variables) }
            let (events, _) = await run(.intent, messages: IntentLabelPrompt.messages(utterance: text, question: question),
                                        policy: ReplyPolicy(), cacheKey: nil, print: { _ in })
            if let label = events.label, events.failure == nil {
                let parsed = IntentLabelPrompt.parse(label)
                intent = IntentResult(intent: parsed, confidence: parsed == .notUnderstood ? 0 : settings.intentThreshold)
                output("   language model: \(parsed.rawValue) (answered \"\(label.prefix(40))\" in \(Int(events.latencyMs)) ms)")
            } else {
                output("   language model failed (\(events.failure ?? "no answer")): keeping \(local.intent.rawValue)")
            }
        }
        let scoreBefore = chat.engine.state.score
        await perform(chat.actions(for: text, intent: intent))
        if chat.engine.state.score != scoreBefore, !chat.isFinished {
            output("   score: \(String(format: "%g", chat.engine.state.score))/100")
        }
    }

    mutating func perform(_ actions: [DialogueAction]) async {
        let output = self.output
        for action in actions {
            switch action {
            case .freestyle(let request):
                let key = FreestyleRequest.cacheKey(scenario: chat.engine.scenario.metadata.name, utterance: request.utterance)
                let facts = chat.engine.scenario.statedFacts + "\n" + chat.engine.state.variables.values.joined(separator: "\n")
                let (events, spoke) = await run(.freestyle, messages: request.messages(facts: chat.engine.state.variables),
                                                policy: settings.policy(facts: facts), cacheKey: key) { output("🤖 \($0)") }
                if !spoke {
                    output("🤖 \(chat.engine.configuration.phrases.notUnderstood)")
                    output("   (language model: \(events.failure ?? "no answer"); local fallback)")
                } else {
                    output("   (language model: \(Int(events.latencyMs)) ms\(events.cached ? ", cached" : ""))")
                }
            case .playStep(let prompt):
                guard let step = chat.engine.scenario.step(prompt.stepID), let llmPrompt = step.llmPrompt,
                      let utterance = StepLanguageModelPrompt.lastUtterance(in: chat.engine.state.history) else {
                    chat.render([action]).forEach(output)
                    continue
                }
                let messages = StepLanguageModelPrompt.messages(llmPrompt: llmPrompt, stepText: prompt.text,
                                                                lastUtterance: utterance, history: chat.engine.state.history)
                let facts = chat.engine.scenario.statedFacts
                let (events, spoke) = await run(.step(prompt.stepID), messages: messages, policy: settings.policy(facts: facts),
                                                cacheKey: nil) { output("🤖 [\(prompt.stepID)] \($0)") }
                if !spoke {
                    chat.render([action]).forEach(output)
                    output("   (language model: \(events.failure ?? "no answer"); the step's own text)")
                }
            default:
                chat.render([action]).forEach(output)
            }
        }
    }

    struct Outcome: Sendable {
        var label: String?
        var failure: String?
        var latencyMs: Double = 0
        var cached = false
    }

    /// Runs one job; `print` gets each sentence the moment it is ready.
    mutating func run(_ purpose: LanguageModelJob.Purpose, messages: [ChatMessage], policy: ReplyPolicy, cacheKey: String?,
                      print: @escaping @Sendable (String) -> Void) async -> (Outcome, Bool) {
        let job = LanguageModelJob(id: nextJob, purpose: purpose, messages: messages, maxTokens: settings.maxTokens,
                                   policy: policy, cacheKey: cacheKey)
        nextJob += 1
        let state = Mutex((Outcome(), false))
        await service.run(job) { event in
            switch event {
            case .sentence(_, let text):
                state.withLock { $0.1 = true }
                print(text)
            case .label(_, let text):
                state.withLock { $0.0.label = text }
            case .finished(_, let latency, _, let cached):
                state.withLock { $0.0.latencyMs = latency; $0.0.cached = cached }
            case .failed(_, let reason, let latency):
                state.withLock { $0.0.failure = reason; $0.0.latencyMs = latency }
            }
        }
        return state.withLock { $0 }
    }
}
