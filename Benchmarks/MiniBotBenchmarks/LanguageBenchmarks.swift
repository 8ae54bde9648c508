import MiniBotLanguage

/// French understanding on the hot path: every caller utterance goes through intent
/// classification and, for objections and questions, the objection matcher.
/// Inputs are the committed intent corpus (all splits), so numbers reflect realistic answers.
func languageBenchmarks() -> [BenchmarkCase] {
    let texts = ((try? IntentCorpus.bundled())?.rows.map(\.text)) ?? ["oui mais c'est trop cher"]
    let classifier = IntentClassifier()
    let pipeline = (try? NLUPipeline()) ?? nil
    let matcher = pipeline?.matcher
    // Unseen-style phrasing (issue 4): long answers, slang, and rows only the fallback model answers.
    let blindTexts = ["intents_blind3.tsv", "intents_blind4.tsv"].flatMap { ((try? IntentCorpus.bundled(named: $0))?.rows.map(\.text)) ?? [] }
    var cursor = 0

    return [
        .throughput("nlu classify", units: texts.count, unit: "utterance") {
            for text in texts { blackHole(classifier.classify(text)) }
        },
        .throughput("nlu classify (blind3+4)", units: max(blindTexts.count, 1), unit: "utterance") {
            for text in blindTexts { blackHole(classifier.classify(text)) }
        },
        .latency("nlu classify+match", unit: "utterance") {
            let text = texts[cursor % texts.count]
            cursor += 1
            let result = classifier.classify(text)
            blackHole(matcher?.bestMatch(for: text, themes: ["finance"]))
            blackHole(result)
        },
        .latency("nlu analyze (pipeline)", unit: "utterance") {
            let text = texts[cursor % texts.count]
            cursor += 1
            blackHole(pipeline?.analyze(text, themes: ["energie"]))
        },
    ]
}
