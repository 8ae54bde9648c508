/// A sentiment label with its signed strength: −1 (very negative) … +1 (very positive).
public struct SentimentScore: Sendable, Equatable, Codable {
    public var sentiment: Sentiment
    public var score: Double

    public init(sentiment: Sentiment, score: Double) {
        self.sentiment = sentiment
        self.score = score
    }
}

/// Tone of a caller's words, per utterance and for a whole call (seed 001's per-call sentiment).
///
/// A weighted French lexicon ("super", "volontiers" / "arnaque", "marre", "harcèlement"),
/// with negation flipping a word ("pas mal" is positive, "pas content" negative) and
/// intensifiers ("très", "vraiment") strengthening it. Politeness words count a little, so
/// "non merci" stays neutral rather than negative: refusing is not hostility.
/// A call's sentiment weighs later utterances more (how the call ended matters most) and lets
/// one strongly negative utterance pull the whole call down.
///
/// ```swift
/// let analyzer = SentimentAnalyzer()
/// analyzer.analyze("c'est super merci").sentiment               // .positive
/// analyzer.analyze("arrêtez de me harceler").sentiment          // .negative
/// analyzer.aggregate([analyzer.analyze("oui"), analyzer.analyze("c'est une arnaque")]).sentiment // .negative
/// ```
public struct SentimentAnalyzer: Sendable {
    private let normalizer = FrenchNormalizer()
    private let lexicon: PhraseLexicon<Double>
    /// |score| below this is neutral.
    public var neutralBand: Double

    static let words: [(String, Double)] = [
        // positive
        ("super", 0.8), ("génial", 0.9), ("parfait", 0.8), ("excellent", 0.9), ("formidable", 0.9), ("top", 0.6),
        ("intéressant", 0.6), ("intéressé", 0.4), ("m'intéresse", 0.5), ("volontiers", 0.6), ("avec plaisir", 0.8),
        ("merci beaucoup", 0.6), ("merci", 0.2), ("bien", 0.3), ("très bien", 0.6), ("d'accord", 0.3), ("oui", 0.15),
        ("content", 0.6), ("contente", 0.6), ("ravi", 0.8), ("ravie", 0.8), ("sympa", 0.6), ("gentil", 0.5),
        ("pas mal", 0.5), ("bonne idée", 0.7), ("pourquoi pas", 0.3), ("tout à fait", 0.3), ("bonne journée", 0.3),
        ("pratique", 0.4), ("rassuré", 0.5), ("ça me plaît", 0.7), ("j'aime", 0.5), ("cool", 0.5),
        // negative
        ("arnaque", -0.9), ("arnaqueurs", -1.0), ("escroquerie", -0.9), ("escrocs", -1.0), ("voleurs", -0.9),
        ("marre", -0.8), ("ras le bol", -0.9), ("harceler", -0.9), ("harcèlement", -0.9), ("énervé", -0.8),
        ("énervant", -0.8), ("pénible", -0.7), ("insupportable", -0.9), ("nul", -0.7), ("n'importe quoi", -0.7),
        ("foutez-moi la paix", -1.0), ("dégagez", -1.0), ("putain", -0.9), ("merde", -0.9), ("connard", -1.0),
        ("con", -0.8), ("ça suffit", -0.7), ("porter plainte", -0.9), ("louche", -0.6), ("pas confiance", -0.6),
        ("trop cher", -0.4), ("hors de prix", -0.6), ("déçu", -0.7), ("déçue", -0.7), ("mécontent", -0.8),
        ("problème", -0.3), ("inadmissible", -0.9), ("scandaleux", -0.9), ("honte", -0.8), ("agressif", -0.7),
        ("laissez-moi tranquille", -0.8), ("arrêtez", -0.5), ("pas intéressé", -0.2), ("non", -0.1),
        ("ne marche pas", -0.6), ("marche pas", -0.6), ("fonctionne pas", -0.6), ("en panne", -0.6), ("coupé", -0.4),
    ]
    static let negators: Set<String> = ["pas", "plus", "jamais", "rien"]
    static let intensifiers: Set<String> = ["tres", "vraiment", "trop", "super", "tellement", "carrement", "completement"]

    public init(neutralBand: Double = 0.2) {
        self.neutralBand = neutralBand
        self.lexicon = PhraseLexicon(Self.words, normalizer: FrenchNormalizer())
    }

    /// Sentiment of one utterance.
    public func analyze(_ text: String) -> SentimentScore {
        analyze(tokens: normalizer.normalize(text).tokens)
    }

    func analyze(tokens: [String]) -> SentimentScore {
        var total = 0.0
        for hit in lexicon.matches(in: tokens) {
            var value = hit.payload
            let before = tokens[max(0, hit.range.lowerBound - 2)..<hit.range.lowerBound]
            let after = tokens[hit.range.upperBound..<min(tokens.count, hit.range.upperBound + 2)]
            let negatedPhrase = tokens[hit.range].contains(where: Self.negators.contains) // "pas mal", "marche pas"
            if !negatedPhrase, before.contains(where: Self.negators.contains) || after.first.map(Self.negators.contains) == true {
                value = value > 0 ? -value * 0.8 : -value * 0.3 // "pas content" hurts; "pas nul" is only mildly good
            }
            if let previous = before.last, Self.intensifiers.contains(previous) { value *= 1.4 }
            total += value
        }
        let score = max(-1, min(1, total))
        return SentimentScore(sentiment: label(score), score: (score * 1000).rounded() / 1000)
    }

    /// Sentiment of a whole call from its utterances, in order.
    ///
    /// Utterance *i* of *n* weighs `1 + i / n` (the end of the call counts up to twice as much);
    /// the result is the weighted mean, moved halfway towards the worst utterance when that
    /// one is at or below −0.6. An empty call is neutral.
    public func aggregate(_ utterances: [SentimentScore]) -> SentimentScore {
        guard !utterances.isEmpty else { return SentimentScore(sentiment: .neutral, score: 0) }
        var sum = 0.0
        var weights = 0.0
        for (index, utterance) in utterances.enumerated() {
            let weight = 1 + Double(index) / Double(utterances.count)
            sum += utterance.score * weight
            weights += weight
        }
        var score = sum / weights
        if let worst = utterances.map(\.score).min(), worst <= -0.6 { score = (score + worst) / 2 }
        score = max(-1, min(1, score))
        return SentimentScore(sentiment: label(score), score: (score * 1000).rounded() / 1000)
    }

    func label(_ score: Double) -> Sentiment {
        score >= neutralBand ? .positive : score <= -neutralBand ? .negative : .neutral
    }
}
