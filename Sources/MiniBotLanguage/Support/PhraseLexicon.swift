/// A set of token phrases found in an utterance by leftmost-longest matching, compiled once.
///
/// Lexicons (intent cues, sentiment words) are written as plain French phrases; they go
/// through the same `FrenchNormalizer` as utterances, so `"ne m'appelez plus"` matches
/// `"ne m appelez plus"` and `"NE M'APPELEZ PLUS !"` alike. Two wildcards exist inside a
/// phrase: `*` skips zero to four tokens and `#` matches one digit token.
///
/// Matching walks the utterance once; at each position it tries only the phrases whose first
/// token is the current one (a dictionary look-up), keeps the longest, and skips past it, so
/// `"pourquoi pas"` is one hit and its `pas` is never read as a negation.
///
/// ```swift
/// let lexicon = PhraseLexicon([("pas le temps", 1), ("pas", 2)], normalizer: FrenchNormalizer())
/// lexicon.matches(in: ["j", "ai", "pas", "le", "temps"]) // one hit: payload 1, range 2..<5
/// ```
struct PhraseLexicon<Payload: Sendable>: Sendable {
    struct Hit: Sendable {
        var payload: Payload
        var range: Range<Int>
    }

    private struct Phrase: Sendable {
        var tokens: [String]
        var payload: Payload
    }

    private var phrases: [Phrase] = []
    /// First token → phrase indices, longest phrase first.
    private var byFirstToken: [String: [Int]] = [:]
    private var digitFirst: [Int] = []

    init(_ entries: [(String, Payload)], normalizer: FrenchNormalizer) {
        for (text, payload) in entries {
            let tokens = Self.compile(text, normalizer: normalizer)
            guard let first = tokens.first, first != "*" else { continue }
            let index = phrases.count
            phrases.append(Phrase(tokens: tokens, payload: payload))
            if first == "#" { digitFirst.append(index) } else { byFirstToken[first, default: []].append(index) }
        }
        let lengths = phrases.map(\.tokens.count)
        for key in byFirstToken.keys { byFirstToken[key]?.sort { lengths[$0] > lengths[$1] } }
        digitFirst.sort { lengths[$0] > lengths[$1] }
    }

    /// Normalises a phrase while keeping its wildcards.
    private static func compile(_ text: String, normalizer: FrenchNormalizer) -> [String] {
        var tokens: [String] = []
        for part in text.split(separator: " ") {
            if part == "*" || part == "#" { tokens.append(String(part)); continue }
            tokens.append(contentsOf: normalizer.normalize(String(part)).tokens)
        }
        return tokens
    }

    /// Every non-overlapping hit, left to right.
    func matches(in tokens: [String]) -> [Hit] {
        var hits: [Hit] = []
        var position = 0
        while position < tokens.count {
            var best: (Int, Int)? // (phrase, end)
            let candidates = Self.isDigits(tokens[position]) ? digitFirst : (byFirstToken[tokens[position]] ?? [])
            for candidate in candidates {
                if let end = match(phrases[candidate].tokens, 0, tokens, position), end > (best?.1 ?? position) {
                    best = (candidate, end)
                }
            }
            if let (phrase, end) = best {
                hits.append(Hit(payload: phrases[phrase].payload, range: position..<end))
                position = end
            } else {
                position += 1
            }
        }
        return hits
    }

    private func match(_ pattern: [String], _ patternIndex: Int, _ tokens: [String], _ tokenIndex: Int) -> Int? {
        if patternIndex == pattern.count { return tokenIndex }
        let part = pattern[patternIndex]
        if part == "*" {
            for skip in 0...4 where tokenIndex + skip <= tokens.count {
                if let end = match(pattern, patternIndex + 1, tokens, tokenIndex + skip) { return end }
            }
            return nil
        }
        guard tokenIndex < tokens.count else { return nil }
        let token = tokens[tokenIndex]
        let matches = part == "#" ? Self.isDigits(token) : part == token
        return matches ? match(pattern, patternIndex + 1, tokens, tokenIndex + 1) : nil
    }

    @inline(__always)
    static func isDigits(_ token: String) -> Bool {
        guard let first = token.utf8.first else { return false }
        return first >= 48 && first <= 57
    }
}
