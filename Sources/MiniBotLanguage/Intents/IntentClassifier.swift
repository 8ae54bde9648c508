/// Reads what a French caller's answer means, from raw ASR text, in a few microseconds.
///
/// A weighted phrase lexicon (`IntentLexicon`) votes for intents; negation flips the votes of
/// the cues that care ("pas intéressé" → deny, "ne me rappelez plus" → opt_out); whatever
/// follows a contrastive "mais" weighs more ("oui mais c'est trop cher"). The winner is then
/// picked by precedence, because some intents override others whatever else was said:
/// opt-out (the law), then callback, then objection (an objection inside a yes is still an
/// objection), then question; otherwise the strongest of affirm / deny / unsure.
/// Rules instead of a trained model keep it deterministic, explainable and tunable by editing
/// one data file; accuracy is measured on the held-out split of `Resources/corpus/intents.tsv`.
/// Only when no rule fires does a small naive Bayes model trained on the corpus
/// (`IntentFallbackModel`) get a say, and it abstains unless it is clearly sure (confidence ≤ 0.6).
///
/// ```swift
/// let classifier = IntentClassifier()
/// classifier.classify("euh oui mais c'est trop cher") // .objection, ~0.7
/// classifier.classify("ne m'appelez plus")             // .optOut
/// classifier.classify("")                              // .silence, 1.0
/// ```
public struct IntentClassifier: IntentClassifying {
    private let normalizer: FrenchNormalizer
    private let lexicon: PhraseLexicon<IntentCue>
    private let fallback: IntentFallbackModel

    /// Votes needed for a precedence intent to win outright.
    static let precedenceThreshold = 0.9
    /// Votes needed for any intent at all; below it the answer is `not_understood`.
    static let minimumVotes = 0.5
    static let precedence: [Intent] = [.optOut, .callback, .objection, .question]
    static let fallbackOrder: [Intent] = [.deny, .unsure, .affirm, .question, .objection, .callback, .optOut]

    public init() {
        let normalizer = FrenchNormalizer()
        self.normalizer = normalizer
        self.lexicon = PhraseLexicon(IntentLexicon.entries(), normalizer: normalizer)
        self.fallback = IntentFallbackModel.shipped
    }

    public func classify(_ text: String) -> IntentResult {
        classify(normalized: normalizer.normalize(text), rawText: text)
    }

    /// Classifies text already normalised with default options (the pipeline shares it).
    func classify(normalized: NormalizedText, rawText text: String) -> IntentResult {
        guard normalized.hadContent else { return IntentResult(intent: .silence, confidence: 1) }
        guard !normalized.tokens.isEmpty else { return IntentResult(intent: .notUnderstood, confidence: 0.8) }
        var votes = votes(for: normalized.tokens)
        if Self.endsWithQuestionMark(text) { votes[Intent.question.index] += 0.8 }
        let decided = Self.decide(votes)
        // The lexicon heard nothing it knows: let the corpus-trained model try, with a modest confidence.
        if decided.intent == .notUnderstood, let guess = fallback.predict(normalized.tokens) {
            return IntentResult(intent: guess.intent, confidence: (guess.probability * 600).rounded() / 1000)
        }
        return decided
    }

    /// Intent votes for normalised tokens, indexed by `Intent.index`.
    func votes(for tokens: [String]) -> [Double] {
        var votes = [Double](repeating: 0, count: Intent.allCases.count)
        let hits = lexicon.matches(in: tokens)
        var covered = [Bool](repeating: false, count: tokens.count)
        // Single-word cues ("jamais") may still negate a neighbour; words inside phrases may not.
        for hit in hits where hit.range.count > 1 { for i in hit.range { covered[i] = true } }
        let contrast = tokens.lastIndex(of: "mais").flatMap { $0 < tokens.count - 1 ? $0 : nil }
        var usedNegators = [Bool](repeating: false, count: tokens.count)

        for hit in hits {
            let cue = hit.payload
            var intent = cue.intent
            var weight = cue.weight
            switch cue.negation {
            case .none:
                break
            case .either(let flipped):
                if let at = Self.negator(in: tokens, covered: covered, from: hit.range.lowerBound - 2, to: hit.range.lowerBound)
                    ?? Self.negator(in: tokens, covered: covered, from: hit.range.upperBound, to: hit.range.upperBound + 2) {
                    intent = flipped; weight = max(weight, 1); usedNegators[at] = true
                }
            case .after(let flipped):
                if let at = Self.negator(in: tokens, covered: covered, from: hit.range.upperBound, to: hit.range.upperBound + 2) {
                    intent = flipped; weight = max(weight, 1); usedNegators[at] = true
                }
            }
            if let contrast, hit.range.lowerBound > contrast { weight *= 1.5 }
            votes[intent.index] += weight
        }
        // A bare negation nobody claimed still leans towards "no" ("je veux pas").
        for (i, token) in tokens.enumerated() where !covered[i] && !usedNegators[i] && (token == "pas" || token == "jamais") {
            votes[Intent.deny.index] += 0.4
        }
        return votes
    }

    /// Index of the first free negation word in `from..<to`.
    private static func negator(in tokens: [String], covered: [Bool], from: Int, to: Int) -> Int? {
        var i = max(0, from)
        while i < min(to, tokens.count) {
            if !covered[i], IntentLexicon.negators.contains(tokens[i]) { return i }
            i += 1
        }
        return nil
    }

    static func decide(_ votes: [Double]) -> IntentResult {
        var winner: Intent?
        for intent in precedence where votes[intent.index] >= precedenceThreshold {
            winner = intent
            break
        }
        if winner == nil {
            var best = minimumVotes - 1e-9
            for intent in fallbackOrder where votes[intent.index] > best {
                best = votes[intent.index]
                winner = intent
            }
        }
        guard let winner else { return IntentResult(intent: .notUnderstood, confidence: 0.6) }
        let own = votes[winner.index]
        let others = votes.reduce(0, +) - own
        let confidence = min(0.99, max(0.05, own / (own + 0.25 * others + 0.3)))
        return IntentResult(intent: winner, confidence: (confidence * 1000).rounded() / 1000)
    }

    static func endsWithQuestionMark(_ text: String) -> Bool {
        for scalar in text.unicodeScalars.reversed() {
            if scalar == "?" { return true }
            if scalar.properties.isWhitespace { continue }
            return false
        }
        return false
    }
}

extension Intent {
    /// Dense position in `allCases`, for vote arrays.
    var index: Int {
        switch self {
        case .affirm: 0
        case .deny: 1
        case .unsure: 2
        case .question: 3
        case .objection: 4
        case .callback: 5
        case .optOut: 6
        case .silence: 7
        case .notUnderstood: 8
        }
    }
}
