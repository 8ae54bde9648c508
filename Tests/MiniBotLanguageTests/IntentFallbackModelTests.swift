import Foundation
import Testing
@testable import MiniBotLanguage

/// The committed naive Bayes fallback: it must be exactly what the training rows produce,
/// abstain on gibberish, and only speak when the lexicon is silent.
/// Regenerate the data after editing the corpus:
/// `MINIBOT_WRITE_INTENT_MODEL=1 swift test --filter IntentFallbackModelTests`.
@Suite struct IntentFallbackModelTests {
    /// Train split of `intents.tsv` plus the two tuned blind files; never `test` rows of
    /// `intents.tsv`, never `intents_blind3.tsv`.
    static func trainingExamples() throws -> [(tokens: [String], intent: Intent)] {
        let normalizer = FrenchNormalizer()
        var rows = try IntentCorpus.bundled().rows.filter { $0.split == .train }
        rows += try IntentCorpus.bundled(named: "intents_blind.tsv").rows
        rows += try IntentCorpus.bundled(named: "intents_blind2.tsv").rows
        return rows.map { (normalizer.normalize($0.text).tokens, $0.intent) }
    }

    @Test func committedModelMatchesTheTrainingRows() throws {
        let trained = IntentFallbackModel.train(try Self.trainingExamples()).serialized()
        if ProcessInfo.processInfo.environment["MINIBOT_WRITE_INTENT_MODEL"] == "1" {
            let target = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Sources/MiniBotLanguage/Resources/" + IntentFallbackModel.resourcePath)
            try (trained + "\n").write(to: target, atomically: true, encoding: .utf8)
            print("wrote \(target.path)")
        }
        #expect(IntentFallbackModel.shipped.serialized() == trained, "stale model data: regenerate (see suite doc)")
    }

    @Test func trainingNeverSeesHeldOutOrBlind3Rows() throws {
        var training = try IntentCorpus.bundled().rows.filter { $0.split == .train }
        training += try IntentCorpus.bundled(named: "intents_blind.tsv").rows
        training += try IntentCorpus.bundled(named: "intents_blind2.tsv").rows
        let trainingTexts = Set(training.map(\.text))
        #expect(training.allSatisfy { $0.split != .blind })
        let heldOut = try IntentCorpus.bundled().rows.filter { $0.split == .test }
        let blind3 = try IntentCorpus.bundled(named: "intents_blind3.tsv").rows
        let leaked = (heldOut + blind3).filter { trainingTexts.contains($0.text) }
        #expect(leaked.isEmpty, "\(leaked.map(\.text))")
    }

    @Test func serialisationRoundTrips() {
        let model = IntentFallbackModel.train([(["oui", "merci"], .affirm), (["non", "merci"], .deny)])
        let copy = IntentFallbackModel(serialized: model.serialized())
        #expect(copy.counts == model.counts)
        #expect(copy.documents == model.documents)
        #expect(model.counts["w:merci"]?.reduce(0, +) == 2)
    }

    @Test(arguments: ["qsdf", "zorglub bidule truc", "patate", "xyzzy blorp"])
    func abstainsOnGibberish(text: String) {
        let tokens = FrenchNormalizer().normalize(text).tokens
        #expect(IntentFallbackModel.shipped.predict(tokens) == nil)
    }

    @Test func neverOverridesALexiconDecision() {
        let classifier = IntentClassifier()
        // Each has a lexicon cue, so the fallback must not change it.
        #expect(classifier.classify("ne m'appelez plus").intent == .optOut)
        #expect(classifier.classify("oui mais c'est trop cher").intent == .objection)
        let fallbackConfidence = classifier.classify("oui").confidence
        #expect(fallbackConfidence > 0.6)
    }

    @Test func fallbackAnswersCarryAModestConfidence() throws {
        let classifier = IntentClassifier()
        let rows = try IntentCorpus.bundled(named: "intents_blind3.tsv").rows
        let normalizer = FrenchNormalizer()
        var used = 0
        for row in rows {
            let tokens = normalizer.normalize(row.text).tokens
            guard !tokens.isEmpty, IntentClassifier.decide(classifier.votes(for: tokens)).intent == .notUnderstood else { continue }
            let result = classifier.classify(row.text)
            if result.intent != .notUnderstood { used += 1; #expect(result.confidence <= 0.6) }
        }
        print("fallback answered \(used) blind3 rows the lexicon left not_understood")
    }
}
