import Foundation

/// A tiny multinomial naive Bayes over word, word-pair and 4-letter features, consulted only
/// when the lexicon hears nothing it knows.
///
/// The lexicon is precise but only knows the phrases written into it; callers say things like
/// "je touche pas à ça les cryptos" where no cue fires yet most words were seen in training
/// answers. The model turns those shared words (and shared word pieces, for ASR misspellings)
/// into an intent, and abstains unless it is clearly sure, so real gibberish stays
/// `not_understood`. It is trained ONLY on the `train` split of `intents.tsv` plus the two
/// tuned blind files, and its counts are committed as a resource (`Resources/model/intent-fallback.tsv`),
/// read once at first use, so the classifier stays deterministic and does no I/O per utterance.
/// Regenerate after editing the corpus:
/// `MINIBOT_WRITE_INTENT_MODEL=1 swift test --filter IntentFallbackModelTests`.
///
/// ```swift
/// let model = IntentFallbackModel.shipped
/// model.predict(["je", "touche", "pas", "a", "ca", "les", "cryptos"]) // (.objection, 0.9…) or nil
/// ```
struct IntentFallbackModel: Sendable {
    /// Intents the model can answer (silence is decided before any model runs).
    static let classes: [Intent] = [.affirm, .deny, .unsure, .question, .objection, .callback, .optOut, .notUnderstood]
    /// Laplace smoothing added to every count.
    static let alpha = 0.5
    /// Posterior the best intent needs before the model speaks.
    static let minimumPosterior = 0.9
    /// Share of the utterance's words the model must have seen in training.
    static let minimumKnownWords = 0.6
    /// Word pairs seen in training the utterance must contain (one known word is not evidence).
    static let minimumKnownPairs = 2

    /// Feature → per-class count (indexed like `classes`).
    private(set) var counts: [String: [Int]]
    /// Per-class number of training rows (priors).
    private(set) var documents: [Int]
    private var logLikelihood: [String: [Double]] = [:]
    private var logPrior: [Double] = []
    private var vocabulary: Set<String> = []

    init(counts: [String: [Int]], documents: [Int]) {
        self.counts = counts
        self.documents = documents
        let k = Self.classes.count
        var totals = [Double](repeating: 0, count: k)
        for row in counts.values { for c in 0..<k { totals[c] += Double(row[c]) } }
        let featureCount = Double(max(counts.count, 1))
        for (feature, row) in counts {
            logLikelihood[feature] = (0..<k).map { log((Double(row[$0]) + Self.alpha) / (totals[$0] + Self.alpha * featureCount)) }
            if feature.hasPrefix("w:") { vocabulary.insert(String(feature.dropFirst(2))) }
        }
        let allDocuments = Double(max(documents.reduce(0, +), 1))
        logPrior = documents.map { log((Double($0) + 1) / (allDocuments + Double(k))) }
    }

    /// Counts features of labelled, already normalised answers (silence rows are skipped).
    static func train(_ examples: [(tokens: [String], intent: Intent)]) -> IntentFallbackModel {
        var counts: [String: [Int]] = [:]
        var documents = [Int](repeating: 0, count: classes.count)
        for example in examples {
            guard let c = classes.firstIndex(of: example.intent), !example.tokens.isEmpty else { continue }
            documents[c] += 1
            for feature in features(example.tokens) {
                counts[feature, default: [Int](repeating: 0, count: classes.count)][c] += 1
            }
        }
        return IntentFallbackModel(counts: counts, documents: documents)
    }

    /// Word (`w:`), word-pair (`b:`) and 4-letter (`c:`) features of normalised tokens.
    static func features(_ tokens: [String]) -> [String] {
        var result: [String] = []
        result.reserveCapacity(tokens.count * 6)
        for (i, token) in tokens.enumerated() {
            result.append("w:" + token)
            if i + 1 < tokens.count { result.append("b:" + token + "_" + tokens[i + 1]) }
            let letters = Array(("^" + token + "$").utf8)
            if letters.count >= 6 {
                for start in 0...(letters.count - 4) {
                    result.append("c:" + String(decoding: letters[start..<start + 4], as: UTF8.self))
                }
            }
        }
        return result
    }

    /// The intent the model is sure of, with its posterior, or nil when it should abstain.
    func predict(_ tokens: [String]) -> (intent: Intent, probability: Double)? {
        guard !tokens.isEmpty else { return nil }
        let known = tokens.reduce(0) { $0 + (vocabulary.contains($1) ? 1 : 0) }
        guard Double(known) / Double(tokens.count) >= Self.minimumKnownWords else { return nil }
        var scores = logPrior
        var knownPairs = 0
        for feature in Self.features(tokens) {
            guard let row = logLikelihood[feature] else { continue }
            if feature.hasPrefix("b:") { knownPairs += 1 }
            for c in 0..<scores.count { scores[c] += row[c] }
        }
        guard knownPairs >= Self.minimumKnownPairs else { return nil }
        guard let top = scores.indices.max(by: { scores[$0] < scores[$1] }) else { return nil }
        let normaliser = scores.reduce(0) { $0 + exp($1 - scores[top]) }
        let probability = 1 / normaliser
        let intent = Self.classes[top]
        guard probability >= Self.minimumPosterior, intent != .notUnderstood else { return nil }
        return (intent, probability)
    }
}

extension IntentFallbackModel {
    /// One line per feature, sorted: `feature<TAB>count,count,…`; first line `#documents<TAB>…`.
    func serialized() -> String {
        var lines = ["#documents\t" + documents.map(String.init).joined(separator: ",")]
        for feature in counts.keys.sorted() {
            lines.append(feature + "\t" + (counts[feature] ?? []).map(String.init).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }

    /// Parses `serialized()` output; malformed lines are skipped (the data is generated, not hand-written).
    init(serialized text: String) {
        var counts: [String: [Int]] = [:]
        var documents = [Int](repeating: 0, count: Self.classes.count)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let values = parts[1].split(separator: ",").compactMap { Int($0) }
            guard values.count == Self.classes.count else { continue }
            if parts[0] == "#documents" { documents = values } else { counts[String(parts[0])] = values }
        }
        self.init(counts: counts, documents: documents)
    }

    /// Where the committed model lives below the module's `Resources`.
    static let resourcePath = "model/intent-fallback.tsv"

    /// The committed model. A missing resource is a broken installation (the module's bundle was
    /// not copied), not a condition a call can recover from.
    static let shipped: IntentFallbackModel = {
        guard let url = LanguageResources.url(resourcePath), let text = try? String(contentsOf: url, encoding: .utf8) else {
            preconditionFailure("MiniBotLanguage resource \(resourcePath) is missing: the module's resource bundle is incomplete")
        }
        return IntentFallbackModel(serialized: text)
    }()
}
