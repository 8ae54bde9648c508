import MiniBotLanguage

/// What happened on the call, as the runner reports it to `DialogueEngine`.
///
/// Time never enters the engine: the runner's clock turns "no speech for `timeout` seconds"
/// into `.silenceTimeout`, and "the prompt's last frame went out" into `.promptFinished`.
///
///     engine.handle(.utterance(nlu.understand("oui", themes: themes)))
public enum DialogueEvent: Sendable, Equatable {
    case callAnswered
    /// A final transcript, already understood by the NLU (intent, objection lookup, sentiment).
    case utterance(Understanding)
    case silenceTimeout
    case dtmf(Character)
    /// The recognizer or another engine failed for this turn (seed 004: 3 in a row → soft hang-up).
    case recognitionFailed
    case callerHungUp
    /// The last queued prompt finished playing.
    case promptFinished
    /// The runner's clock reached the scenario's `max_call_duration`.
    case maxDurationReached
}

extension DialogueEvent {
    /// A transcript classified without an objection lookup (scenario chat, tests): the engine
    /// consults its own matcher if the turn needs an answer.
    public static func utterance(text: String, intent: IntentResult) -> DialogueEvent {
        .utterance(Understanding(text: text, intent: intent))
    }
}
