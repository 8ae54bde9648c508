import MiniBotDialogue
import MiniBotLanguage

/// Dialogue engine costs: one event through `DialogueEngine.handle` (the bot's reaction time
/// budget is 20 ms end to end, SPEC performance bars), a whole scripted call, and scenario
/// loading + validation (done once per campaign, but `scenario validate` runs it on demand).
func dialogueBenchmarks() -> [BenchmarkCase] {
    guard let scenario = try? Scenario.decode(DialogueBenchmarkData.scenarioJSON) else {
        print("dialogue benchmarks: the embedded scenario does not decode")
        return []
    }
    let matcher = DialogueBenchmarkData.Matcher()
    let contact = ["first_name": "Jean", "last_name": "Dupont"]
    let base = DialogueEngine(scenario: scenario, matcher: matcher, contact: contact)
    let script: [DialogueEvent] = [
        .callAnswered,
        .utterance(text: "oui je vous écoute", intent: IntentResult(intent: .affirm, confidence: 0.9)),
        .utterance(text: "oui mais c'est trop cher vos taux", intent: IntentResult(intent: .objection, confidence: 0.8)),
        .utterance(text: "oui effectivement", intent: IntentResult(intent: .affirm, confidence: 0.9)),
        .utterance(text: "oui pourquoi pas", intent: IntentResult(intent: .affirm, confidence: 0.9)),
        .utterance(text: "oui d'accord", intent: IntentResult(intent: .affirm, confidence: 0.9)),
    ]
    // Engine positioned on Q1, ready for an affirm: the most common single step.
    var onQ1 = base
    _ = onQ1.handle(.callAnswered)
    _ = onQ1.handle(script[1])
    let affirm = script[3]
    let objection = script[2]
    let frozenQ1 = onQ1
    return [
        .latency("dialogue engine step (affirm → next step)", unit: "event") {
            var engine = frozenQ1
            blackHole(engine.handle(affirm))
        },
        .latency("dialogue engine step (objection → answer)", unit: "event") {
            var engine = frozenQ1
            blackHole(engine.handle(objection))
        },
        .throughput("dialogue engine whole call (6 events)", units: script.count, unit: "event") {
            var engine = base
            for event in script { blackHole(engine.handle(event)) }
        },
        .latency("dialogue scenario decode + validate", unit: "scenario") {
            if let decoded = try? Scenario.decode(DialogueBenchmarkData.scenarioJSON) {
                blackHole(ScenarioValidator().validate(decoded))
            }
        },
    ]
}

enum DialogueBenchmarkData {
    struct Matcher: ObjectionMatching {
        let entry = ObjectionEntry(id: "finance_1_trop_cher", theme: "finance", kind: .objection, category: "price",
                                   keywords: ["trop cher"], response: "Je comprends. 70% de nos clients économisent.",
                                   audioFile: "finance_1_trop_cher.wav")
        func bestMatch(for text: String, themes: [String]) -> ObjectionMatch? {
            text.contains("trop cher") ? ObjectionMatch(entry: entry, score: 0.9) : nil
        }
    }

    /// Seed 001's rail (the shape of `scenarios/finance_agent.json`), embedded so the benchmark needs no files.
    static let scenarioJSON = #"""
    {"metadata": {"name": "bench", "theme_file": "objections_finance", "agent_mode": true, "start_step": "Hello"},
     "variables": {"agent_name": "Julie", "company_name": "notre banque"},
     "steps": {
      "Hello": {"message_text": "Allô, bonjour {{first_name}} {{last_name}}. Je suis {{agent_name}} de {{company_name}}.", "audio_file": "julie/base/hello.wav", "audio_type": "audio", "timeout": 15, "max_autonomous_turns": 2,
                "intent_mapping": {"affirm": "Q1", "unsure": "Q1", "deny": "bye_failed", "silence": "retry_silence", "objection": "Hello", "question": "Hello", "*": "Q1"}},
      "Q1": {"message_text": "Avez-vous actuellement un crédit immobilier ?", "determinant": true, "timeout": 15, "max_autonomous_turns": 2,
             "intent_mapping": {"affirm": "Q2", "deny": "bye_failed", "unsure": "Q2", "silence": "retry_silence", "objection": "Q1", "question": "Q1", "*": "bye_failed"}},
      "Q2": {"message_text": "Seriez-vous intéressé par une renégociation ?", "determinant": true, "timeout": 15, "max_autonomous_turns": 2,
             "intent_mapping": {"affirm": "Is_Leads", "deny": "bye_failed", "unsure": "Is_Leads", "silence": "retry_silence", "objection": "Q2", "question": "Q2", "*": "bye_failed"}},
      "Is_Leads": {"message_text": "Puis-je faire établir une simulation personnalisée ?", "timeout": 15, "max_autonomous_turns": 2,
                   "intent_mapping": {"affirm": "Confirm_Time", "deny": "bye_failed", "silence": "retry_silence", "*": "bye_failed"}},
      "Confirm_Time": {"message_text": "Parfait ! Un conseiller vous rappelle sous 48h.", "intent_mapping": {}, "next": "Bye"},
      "Bye": {"message_text": "Merci {{first_name}} et excellente journée !", "result": "completed", "intent_mapping": {}},
      "bye_failed": {"message_text": "Merci pour votre temps.", "result": "not_interested", "intent_mapping": {}},
      "retry_silence": {"message_text": "Allô, vous m'entendez ?", "intent_mapping": {"deny": "bye_failed", "*": "@return"}}
     },
     "qualification_rules": {"lead_threshold": 70, "scoring_weights": {"Q1": 30, "Q2": 30, "Is_Leads": 40}}}
    """#
}
