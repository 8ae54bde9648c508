import MiniBotDialogue
import MiniBotLanguage

/// What the controller remembers about the language model: the job in flight and every turn
/// that used (or could have used) it.
struct LanguageModelState: Sendable, Equatable {
    var nextJob = 0
    var running: RunningJob?
    var uses: [LanguageModelUse] = []

    struct RunningJob: Sendable, Equatable {
        var id: Int
        var purpose: LanguageModelJob.Purpose
        /// The engine's actions after the one that asked the model: performed once the job ends.
        var deferred: [DialogueAction]
        var spoke = false
        var label = ""
        /// `.intent`: the caller's turn and the local result, used when the model fails.
        var callerTurn: Turn?
        var utterance = ""
        var local: IntentResult?
        /// `.intent`: the NLU's reading, passed on with the model's label in place of its intent.
        var understood: Understanding?
        /// `.step`: the step's own prompt, played when the model fails.
        var stepPrompt: StepPrompt?
        var startedMs: Int
    }
}

/// The language model in the real-time loop, as pure decisions: when to ask, what to play while
/// and after it answers, and the local fallback when it does not. The runner does the asking
/// (``LanguageModelService``) and guarantees an end within `LLM_TIMEOUT_MS`; nothing here waits.
///
/// - Intent fall-back: a caller turn whose local intent is unsure goes to the model for one label;
///   the turn is recorded and the dialogue goes on when the label (or the failure) comes back.
/// - Freestyle: each sentence of the answer is queued the moment it is complete; then the deferred
///   rail-return question. No sentence at all → the not-understood phrase, then the rail return.
/// - A step with `llm_prompt`: the model words the step's reply; the step's text is the fallback.
/// - Caller speech during an answer cancels it (barge-in); a new dialogue event does too, so nothing
///   generated is ever played after an opt-out or a hang-up.
extension CallController {
    /// The turns that used or could have used the model, for the report.
    public var languageModelUses: [LanguageModelUse] { languageModel.uses }

    mutating func startIntentFallback(_ understood: Understanding, turn: Turn, into out: inout [CallCommand]) -> Bool {
        let text = understood.text, local = understood.intent
        guard let settings = configuration.languageModel, settings.needsModel(local) else { return false }
        let question = engine.currentStep.map { TemplateRenderer.render($0.messageText, engine.state.variables) }
        let id = startJob(.intent, messages: IntentLabelPrompt.messages(utterance: text, question: question), settings: settings,
                          policy: ReplyPolicy(), cacheKey: nil, deferring: [], into: &out)
        languageModel.running?.callerTurn = turn
        languageModel.running?.utterance = text
        languageModel.running?.local = local
        languageModel.running?.understood = understood
        out.append(.trace("intent \(local.intent.rawValue) (\(local.confidence)) below \(settings.intentThreshold): asking the language model (job \(id))"))
        return true
    }

    mutating func startFreestyle(_ request: FreestyleRequest, deferring rest: [DialogueAction], into out: inout [CallCommand]) -> Bool {
        guard let settings = configuration.languageModel else { return false }
        let facts = engine.state.variables
        let key = FreestyleRequest.cacheKey(scenario: engine.scenario.metadata.name, utterance: request.utterance)
        let id = startJob(.freestyle, messages: request.messages(facts: facts), settings: settings,
                          policy: settings.policy(facts: statedFacts), cacheKey: key, deferring: rest, into: &out)
        out.append(.trace("freestyle answer for \"\(request.utterance)\" asked to the language model (job \(id))"))
        return true
    }

    mutating func startStepGeneration(_ prompt: StepPrompt, deferring rest: [DialogueAction], into out: inout [CallCommand]) -> Bool {
        guard let settings = configuration.languageModel, let step = engine.scenario.step(prompt.stepID),
              let llmPrompt = step.llmPrompt,
              let utterance = StepLanguageModelPrompt.lastUtterance(in: engine.state.history) else { return false }
        let messages = StepLanguageModelPrompt.messages(llmPrompt: llmPrompt, stepText: prompt.text, lastUtterance: utterance,
                                                        history: engine.state.history)
        let id = startJob(.step(prompt.stepID), messages: messages, settings: settings, policy: settings.policy(facts: statedFacts),
                          cacheKey: nil, deferring: rest, into: &out)
        languageModel.running?.stepPrompt = prompt
        listenFrames = CallControllerConfiguration.frames(seconds: prompt.timeout)
        out.append(.trace("step \(prompt.stepID) worded by the language model (job \(id)); its text is the fallback"))
        return true
    }

    /// Everything the scenario states, plus this contact's variables: the only facts an answer may repeat.
    var statedFacts: String {
        engine.scenario.statedFacts + "\n" + engine.state.variables.values.joined(separator: "\n")
    }

    private mutating func startJob(_ purpose: LanguageModelJob.Purpose, messages: [ChatMessage], settings: LanguageModelSettings,
                                   policy: ReplyPolicy, cacheKey: String?, deferring rest: [DialogueAction],
                                   into out: inout [CallCommand]) -> Int {
        cancelLanguageModel(into: &out)
        let id = languageModel.nextJob
        languageModel.nextJob += 1
        languageModel.running = .init(id: id, purpose: purpose, deferred: rest, startedMs: frameIndex * 20)
        silenceDeadline = nil
        out.append(.generate(LanguageModelJob(id: id, purpose: purpose, messages: messages, maxTokens: settings.maxTokens,
                                              policy: policy, cacheKey: cacheKey)))
        return id
    }

    /// Drops the job in flight (its deferred actions too) and tells the runner to cancel the request.
    mutating func cancelLanguageModel(into out: inout [CallCommand]) {
        guard let job = languageModel.running else { return }
        languageModel.running = nil
        out.append(.cancelGeneration(job: job.id))
        languageModel.uses.append(LanguageModelUse(purpose: job.purpose.name, path: .cancelled, atMs: job.startedMs))
        out.append(.trace("language model job \(job.id) cancelled"))
        if job.purpose == .intent, let turn = job.callerTurn {
            out.append(.recordTurn(turn))  // the caller's words stay in the transcript
        }
    }

    /// Caller speech while the model works: ignored while it labels an utterance (the turn is not
    /// decided yet), a barge-in on an answer.
    mutating func languageModelAllowsSpeech(atMs: Int, into out: inout [CallCommand]) -> Bool {
        guard let job = languageModel.running else { return true }
        if job.purpose == .intent {
            out.append(.trace("caller speech at \(atMs) ms ignored (the language model is labelling the previous utterance)"))
            return false
        }
        cancelLanguageModel(into: &out)
        return true
    }

    mutating func noteMatcherAnswer(_ answer: SpokenAnswer) {
        switch answer.source {
        case .objection, .faq:
            languageModel.uses.append(LanguageModelUse(purpose: "freestyle", path: .matcher, atMs: frameIndex * 20))
        case .builtin:
            break
        }
    }

    mutating func handleLanguageModel(_ event: LanguageModelEvent, into out: inout [CallCommand]) {
        guard var job = languageModel.running, job.id == event.job else {
            out.append(.trace("language model event for job \(event.job) ignored (no longer wanted)"))
            return
        }
        switch event {
        case .sentence(_, let text):
            guard job.purpose != .intent, phase.endingCommand == nil else { return }
            job.spoke = true
            languageModel.running = job
            speak(text, for: job, into: &out)
        case .label(_, let text):
            job.label = text
            languageModel.running = job
        case .finished(_, let latency, let first, let cached):
            complete(job, use: LanguageModelUse(purpose: job.purpose.name, path: .llm, latencyMs: latency, firstSentenceMs: first,
                                                cached: cached, atMs: job.startedMs), into: &out)
        case .failed(_, let reason, let latency):
            out.append(.trace("language model job \(job.id) failed (\(reason)): local fallback"))
            let path: LanguageModelUse.Path = job.spoke ? .llm : .fallback
            complete(job, use: LanguageModelUse(purpose: job.purpose.name, path: path, latencyMs: latency, failure: reason,
                                                atMs: job.startedMs), into: &out)
        }
    }

    private mutating func speak(_ text: String, for job: LanguageModelState.RunningJob, into out: inout [CallCommand]) {
        let voice = engine.scenario.metadata.voice
        let answerBargeIn = engine.scenario.metadata.bargeInDefault ?? configuration.defaultBargeIn
        if case .step(let id) = job.purpose, let prompt = job.stepPrompt {
            enqueue(.step(id), text: text, audioFile: nil, voice: prompt.voice ?? voice, bargeIn: prompt.bargeIn, into: &out)
        } else {
            enqueue(.answer, text: text, audioFile: nil, voice: voice, bargeIn: answerBargeIn, into: &out)
        }
    }

    private mutating func complete(_ job: LanguageModelState.RunningJob, use: LanguageModelUse, into out: inout [CallCommand]) {
        languageModel.running = nil
        languageModel.uses.append(use)
        switch job.purpose {
        case .intent:
            var intent = job.local ?? IntentResult(intent: .notUnderstood, confidence: 0)
            if use.path == .llm {
                let label = IntentLabelPrompt.parse(job.label)
                out.append(.trace("language model labelled \"\(job.utterance)\" as \(label.rawValue) (answer \"\(job.label.prefix(40))\")"))
                intent = IntentResult(intent: label, confidence: label == .notUnderstood ? 0 : configuration.languageModel?.intentThreshold ?? 0.5)
            }
            if var turn = job.callerTurn {
                turn.intent = intent.intent.rawValue
                out.append(.recordTurn(turn))
            }
            var understood = job.understood ?? Understanding(text: job.utterance, intent: intent)
            understood.intent = intent
            dialogue(.utterance(understood), into: &out)
        case .freestyle:
            if !job.spoke {
                let voice = engine.scenario.metadata.voice
                let bargeIn = engine.scenario.metadata.bargeInDefault ?? configuration.defaultBargeIn
                enqueue(.builtin("not_understood"), text: engine.configuration.phrases.notUnderstood, audioFile: nil,
                        voice: voice, bargeIn: bargeIn, into: &out)
            }
            perform(job.deferred, into: &out)
        case .step:
            if !job.spoke, let prompt = job.stepPrompt {
                enqueue(.step(prompt.stepID), text: prompt.text, audioFile: prompt.audioFile,
                        voice: prompt.voice ?? engine.scenario.metadata.voice, bargeIn: prompt.bargeIn, into: &out)
            }
            perform(job.deferred, into: &out)
        }
        if queue.isEmpty, phase.endingCommand == nil, languageModel.running == nil, silenceDeadline == nil, capture == nil, pending == nil {
            armSilence()
        }
    }
}
