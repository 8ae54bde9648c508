/// Finds the objection or FAQ entry a caller's words refer to, tolerant to ASR mistakes.
///
/// Every keyword of every entry is normalised and indexed once at init, by exact token and by
/// French phonetic key. A query normalises the utterance, collects only the keywords sharing a
/// word or a sound with it, and aligns each in order (gaps of up to two words, each costing 0.1): exact words score 1,
/// same sound 0.9, one typo 0.85. Small words (`le`, `de`, `c'est`) weigh little and may be
/// missing; meaningful words may not, and at least one must be spelled exactly, so "il fait
/// beau" or "oui d'accord" find nothing. Single-word keywords never match by sound alone
/// ("pris" must not answer "prix"). The best entry above `threshold` wins; ties favour the
/// longer keyword, then the requested theme over `general`.
///
/// ```swift
/// let matcher = ObjectionMatcher(database: try .bundled())
/// matcher.bestMatch(for: "euh c'est trop chair", themes: ["finance"])?.entry.id // "fin_trop_cher"
/// matcher.bestMatch(for: "il fait beau", themes: ["finance"])                   // nil
/// ```
public struct ObjectionMatcher: ObjectionMatching {
    public let database: ObjectionDatabase
    /// Minimum score (0…1) for a match to be returned.
    public var threshold: Double

    struct Keyword: Sendable {
        var entry: Int
        var tokens: [String]
        var bytes: [[UInt8]]
        var keys: [String]
        var weights: [Double]
        var totalWeight: Double
        var contentCount: Int
    }

    let normalizer: FrenchNormalizer
    let keywords: [Keyword]
    let byToken: [String: [Int]]
    let byKey: [String: [Int]]
    let themeOfEntry: [String]

    /// Words that carry little meaning in a keyword and may be dropped by the caller or the recogniser.
    static let stopwords: Set<String> = [
        "le", "la", "les", "l", "un", "une", "des", "de", "du", "d", "a", "au", "aux", "et", "en", "ce", "c", "est",
        "je", "j", "me", "m", "vous", "tu", "te", "il", "elle", "on", "ca", "cela", "y", "se", "s", "que", "qu",
        "qui", "ne", "n", "mon", "ma", "mes", "votre", "vos", "son", "sa", "ses", "pour", "par", "dans", "sur",
    ]

    public init(database: ObjectionDatabase, threshold: Double = 0.75) {
        self.database = database
        self.threshold = threshold
        let normalizer = FrenchNormalizer()
        self.normalizer = normalizer
        var keywords: [Keyword] = []
        var byToken: [String: [Int]] = [:]
        var byKey: [String: [Int]] = [:]
        for (entryIndex, entry) in database.entries.enumerated() {
            for text in entry.keywords {
                let tokens = normalizer.normalize(text).tokens
                guard !tokens.isEmpty else { continue }
                let allStop = tokens.allSatisfy { Self.stopwords.contains($0) }
                let weights = tokens.map { !allStop && Self.stopwords.contains($0) ? 0.3 : 1.0 }
                let keys = tokens.map(FrenchPhonetics.key)
                let index = keywords.count
                keywords.append(Keyword(entry: entryIndex, tokens: tokens, bytes: tokens.map { Array($0.utf8) }, keys: keys,
                                        weights: weights, totalWeight: weights.reduce(0, +),
                                        contentCount: weights.filter { $0 == 1 }.count))
                for (position, token) in tokens.enumerated() where weights[position] == 1 {
                    if byToken[token]?.last != index { byToken[token, default: []].append(index) }
                    if byKey[keys[position]]?.last != index { byKey[keys[position], default: []].append(index) }
                }
            }
        }
        self.keywords = keywords
        self.byToken = byToken
        self.byKey = byKey
        self.themeOfEntry = database.entries.map(\.theme)
    }

    public func bestMatch(for text: String, themes: [String]) -> ObjectionMatch? {
        bestMatch(tokens: normalizer.normalize(text).tokens, themes: themes)
    }

    /// Same as `bestMatch(for:themes:)` on tokens already normalised with default options.
    func bestMatch(tokens: [String], themes: [String]) -> ObjectionMatch? {
        guard !tokens.isEmpty else { return nil }
        let utterance = Utterance(tokens: tokens)
        var candidates: [Int] = []
        for (position, token) in tokens.enumerated() {
            if let list = byToken[token] { candidates.append(contentsOf: list) }
            if let list = byKey[utterance.keys[position]] { candidates.append(contentsOf: list) }
        }
        guard !candidates.isEmpty else { return nil }
        candidates.sort()

        var best: (rank: Double, score: Double, entry: Int)?
        var previous = -1
        for candidate in candidates where candidate != previous {
            previous = candidate
            let keyword = keywords[candidate]
            let theme = themeOfEntry[keyword.entry]
            guard theme == "general" || themes.contains(theme) else { continue }
            let score = Self.align(keyword, utterance)
            guard score >= threshold else { continue }
            let rank = score + 0.03 * Double(min(keyword.contentCount, 5)) + (theme == "general" ? 0 : 0.02)
            if rank > (best?.rank ?? -1) { best = (rank, score, keyword.entry) }
        }
        guard let best else { return nil }
        return ObjectionMatch(entry: database.entries[best.entry], score: (best.score * 1000).rounded() / 1000)
    }

    /// An utterance's tokens with their bytes and phonetic keys, computed once per query.
    struct Utterance {
        var tokens: [String]
        var bytes: [[UInt8]]
        var keys: [String]

        init(tokens: [String]) {
            self.tokens = tokens
            self.bytes = tokens.map { Array($0.utf8) }
            self.keys = tokens.map(FrenchPhonetics.key)
        }
    }

    /// Best in-order alignment score of `keyword` inside `utterance` (0 when a meaningful word is missing).
    static func align(_ keyword: Keyword, _ utterance: Utterance) -> Double {
        let n = utterance.tokens.count
        let single = keyword.contentCount <= 1
        var best = 0.0
        for start in 0..<n {
            var position = start
            var gained = 0.0
            var exactContent = false
            var failed = false
            var first = true
            var skipped = 0
            for j in 0..<keyword.tokens.count {
                var found: (Int, Double)?
                let limit = first ? min(n, start + 1) : min(n, position + 3)
                var i = position
                while i < limit {
                    let similarity = Self.similarity(keyword, j, utterance, i, single: single)
                    if similarity > (found?.1 ?? 0) { found = (i, similarity) }
                    if similarity == 1 { break }
                    i += 1
                }
                if let (at, similarity) = found {
                    if !first { skipped += at - position }
                    gained += similarity * keyword.weights[j]
                    if similarity != phoneticScore && keyword.weights[j] == 1 { exactContent = true }
                    position = at + 1
                    first = false
                } else if keyword.weights[j] < 1 {
                    continue // a small word may be missing
                } else {
                    failed = true
                    break
                }
            }
            if failed || !exactContent { continue }
            best = max(best, gained / keyword.totalWeight - gapPenalty * Double(skipped))
            if best >= 1 { break }
        }
        return best
    }

    /// Score lost per utterance word skipped inside a keyword ("vous êtes [une arnaque] où").
    static let gapPenalty = 0.1

    /// Score of a same-sound, different-spelling word; such a word alone never anchors a keyword.
    static let phoneticScore = 0.9

    @inline(__always)
    static func similarity(_ keyword: Keyword, _ j: Int, _ utterance: Utterance, _ i: Int, single: Bool) -> Double {
        if keyword.tokens[j] == utterance.tokens[i] { return 1 }
        if keyword.weights[j] < 1 { return 0 } // small words must be exact
        let a = keyword.bytes[j], b = utterance.bytes[i]
        if !single, keyword.keys[j] == utterance.keys[i], keyword.keys[j].utf8.count >= 2 { return phoneticScore }
        let length = min(a.count, b.count)
        if length >= 5, FrenchPhonetics.editDistance(a, b, limit: 1) <= 1 { return 0.85 }
        if length >= 8, FrenchPhonetics.editDistance(a, b, limit: 2) <= 2 { return 0.8 }
        return 0
    }
}
