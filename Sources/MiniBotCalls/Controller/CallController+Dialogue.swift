import MiniBotDialogue
import MiniBotTelephony

/// Performing the dialogue engine's actions: prompts in order, listening, and the final
/// hang-up or transfer once the prompts queued before it have played.
extension CallController {
    mutating func dialogue(_ event: DialogueEvent, into out: inout [CallCommand]) {
        // Anything new on the call (speech, DTMF, hang-up, max duration) overrides a pending model answer.
        if event != .promptFinished { cancelLanguageModel(into: &out) }
        perform(engine.handle(event), into: &out)
    }

    /// Performs the engine's actions in order; a language-model job defers the actions after it until it ends.
    mutating func perform(_ actions: [DialogueAction], into out: inout [CallCommand]) {
        let answerBargeIn = engine.scenario.metadata.bargeInDefault ?? configuration.defaultBargeIn
        let voice = engine.scenario.metadata.voice
        performing: for (index, action) in actions.enumerated() {
            switch action {
            case .playStep(let step):
                if startStepGeneration(step, deferring: Array(actions[(index + 1)...]), into: &out) { break performing }
                enqueue(.step(step.stepID), text: step.text, audioFile: step.audioFile, voice: step.voice ?? voice,
                        bargeIn: step.bargeIn, into: &out)
                listenFrames = CallControllerConfiguration.frames(seconds: step.timeout)
            case .playAnswer(let answer):
                noteMatcherAnswer(answer)
                let kind: PromptRequest.Kind
                if case .builtin(let name) = answer.source { kind = .builtin(name) } else { kind = .answer }
                enqueue(kind, text: answer.text, audioFile: answer.audioFile, voice: voice, bargeIn: answerBargeIn, into: &out)
            case .playRailReturn(let question):
                enqueue(.railReturn, text: question, audioFile: nil, voice: voice, bargeIn: answerBargeIn, into: &out)
            case .freestyle(let request):
                if startFreestyle(request, deferring: Array(actions[(index + 1)...]), into: &out) { break performing }
                // No language model configured: say "not understood", then the rail return.
                out.append(.trace("freestyle requested for \"\(request.utterance)\"; no language model, not-understood phrase"))
                enqueue(.builtin("not_understood"), text: engine.configuration.phrases.notUnderstood, audioFile: nil,
                        voice: voice, bargeIn: answerBargeIn, into: &out)
                if let railReturn = request.railReturn {
                    enqueue(.railReturn, text: railReturn, audioFile: nil, voice: voice, bargeIn: answerBargeIn, into: &out)
                }
            case .listen(let timeout):
                listenFrames = CallControllerConfiguration.frames(seconds: timeout)
            case .setVariable(let name, let value):
                out.append(.setVariable(name: name, value: value))
            case .markOptOut:
                out.append(.markOptOut)
            case .transfer(let target, let outcome):
                requestEnd(.transfer(target: target, outcome: outcome))
            case .hangUp(let outcome):
                requestEnd(.hangup(outcome))
            case .trace(let text):
                out.append(.trace(text))
            }
        }
        if let command = phase.endingCommand, queue.isEmpty {
            end(command, into: &out)
        } else if queue.isEmpty, !actions.isEmpty, silenceDeadline == nil, capture == nil, pending == nil {
            armSilence()
        }
    }

    mutating func enqueue(_ kind: PromptRequest.Kind, text: String, audioFile: String?, voice: String?, bargeIn: Bool,
                          into out: inout [CallCommand]) {
        let request = PromptRequest(playbackID: "p\(nextPlayback)", kind: kind, text: text, audioFile: audioFile,
                                    voice: voice, bargeIn: bargeIn)
        nextPlayback += 1
        if queue.isEmpty { headStartFrame = frameIndex }
        queue.append(request)
        silenceDeadline = nil
        out.append(.play(request))
    }

    mutating func handlePlaybackFinished(_ report: PlaybackReport, into out: inout [CallCommand]) {
        guard let head = queue.first, head.playbackID == report.promptID else {
            out.append(.trace("playback report for \(report.promptID) ignored (not the playing prompt)"))
            return
        }
        queue.removeFirst()
        out.append(.recordTurn(Turn(speaker: .bot, text: head.text, startMs: headStartFrame * 20, endMs: frameIndex * 20,
                                    engine: report.interrupted ? "interrupted" : "played")))
        headStartFrame = frameIndex
        guard queue.isEmpty else { return }
        if let command = phase.endingCommand {
            end(command, into: &out)
            return
        }
        dialogue(.promptFinished, into: &out)
        armSilence()
    }

    /// Starts counting the caller's silence from now (the last prompt ended).
    mutating func armSilence() {
        guard languageModel.running == nil else { return }  // the model's answer (or its fallback) comes first
        silenceDeadline = frameIndex + max(1, listenFrames)
    }
}
