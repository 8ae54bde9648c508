/// Limits on a generated answer that goes to the voice: the seeds ask for "1-2 phrases max".
///
/// ```swift
/// ReplyPolicy(maxSentences: 2, maxCharacters: 220, allowedFacts: "Installation offerte, 0 € d'avance.")
/// ```
public struct ReplyPolicy: Sendable, Equatable {
    public var maxSentences: Int
    /// Across the whole answer; a first sentence longer than this is cut at a word.
    public var maxCharacters: Int
    /// What the scenario itself states (prompts, objective, answers): an amount or a promise found
    /// here may be repeated by the model; any other is dropped.
    public var allowedFacts: String

    public init(maxSentences: Int = 2, maxCharacters: Int = 220, allowedFacts: String = "") {
        self.maxSentences = maxSentences
        self.maxCharacters = maxCharacters
        self.allowedFacts = allowedFacts
    }
}

/// Decides, sentence by sentence, what of a streamed model answer may be spoken: at most
/// `maxSentences` sentences and `maxCharacters` characters, no markdown or emoji, and no price,
/// percentage or commercial promise that the scenario does not state (a base model invents them;
/// a call must not commit the company to them).
///
/// ```swift
/// var shaper = ReplyShaper(policy: ReplyPolicy())
/// shaper.accept("**Bien sûr !**")              // .speak("Bien sûr !")
/// shaper.accept("C'est gratuit pendant 3 mois.") // .drop("promise …") unless the scenario says so
/// shaper.accept("Autre chose.")                // .speak(…), then the shaper is closed
/// ```
public struct ReplyShaper: Sendable {
    public enum Verdict: Sendable, Equatable {
        case speak(String)
        case drop(String)
        /// The answer is complete (caps reached): stop the stream.
        case closed
    }

    public let policy: ReplyPolicy
    public private(set) var spoken: [String] = []
    public private(set) var isClosed = false
    private let facts: String
    private var characters = 0

    /// Commitments a generated answer must not make on its own.
    static let promises = ["gratuit", "offert", "garanti", "rembours", "sans engagement", "sans frais", "cadeau",
                           "promo", "réduction", "reduction", "remise", "crédit d'impôt", "credit d'impot"]

    public init(policy: ReplyPolicy) {
        self.policy = policy
        self.facts = policy.allowedFacts.lowercased()
        if policy.maxSentences <= 0 || policy.maxCharacters <= 0 { isClosed = true }
    }

    /// The answer so far, as spoken.
    public var text: String { spoken.joined(separator: " ") }

    public mutating func accept(_ raw: String) -> Verdict {
        guard !isClosed else { return .closed }
        let sentence = Self.clean(raw)
        guard sentence.contains(where: { $0.isLetter }) else { return .drop("no words") }
        if let claim = unsupportedClaim(in: sentence) { return .drop("unsupported claim \"\(claim)\"") }
        let room = policy.maxCharacters - characters - (spoken.isEmpty ? 0 : 1)
        var kept = sentence
        if kept.count > room {
            guard spoken.isEmpty, let cut = Self.cut(kept, to: room) else {
                isClosed = true
                return .closed
            }
            kept = cut
            isClosed = true
        }
        spoken.append(kept)
        characters += kept.count + (spoken.count > 1 ? 1 : 0)
        if spoken.count >= policy.maxSentences { isClosed = true }
        return .speak(kept)
    }

    /// An amount, a percentage or a promise that the scenario's own text does not contain.
    func unsupportedClaim(in sentence: String) -> String? {
        let lower = sentence.lowercased()
        for promise in Self.promises where lower.contains(promise) && !facts.contains(promise) {
            return promise
        }
        for amount in Self.amounts(in: lower) where !facts.contains(amount) {
            return amount
        }
        return nil
    }

    /// Numbers said with a currency or a percent ("49 €", "49,90 euros", "3 %"), as their digits.
    public static func amounts(in text: String) -> [String] {
        var found: [String] = []
        let characters = Array(text)
        var i = 0
        while i < characters.count {
            guard characters[i].isNumber else { i += 1; continue }
            var j = i
            while j < characters.count, characters[j].isNumber || characters[j] == "," || characters[j] == "." ||
                    (characters[j] == " " && j + 1 < characters.count && characters[j + 1].isNumber) {
                j += 1
            }
            let digits = String(characters[i..<j]).droppingTrailing { $0 == "," || $0 == "." }
            var k = j
            while k < characters.count, characters[k] == " " || characters[k] == "\u{00A0}" || characters[k] == "\u{202F}" { k += 1 }
            let rest = String(characters[k..<min(characters.count, k + 8)])
            if rest.hasPrefix("€") || rest.hasPrefix("eur") || rest.hasPrefix("%") || rest.hasPrefix("pour") || rest.hasPrefix("$") {
                found.append(digits)
            }
            i = max(j, i + 1)
        }
        return found
    }

    /// Markdown, emoji, role labels and quotes off; spaces collapsed.
    static func clean(_ raw: String) -> String {
        var text = String(raw.unicodeScalars.filter { scalar in
            !(scalar.properties.isEmojiPresentation || (scalar.properties.isEmoji && scalar.value > 0x2000 && scalar.value != 0x20AC))
                && !"*#`_~<>[]{}|".unicodeScalars.contains(scalar)
        }.map(Character.init))
        text = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        for label in ["assistant", "bot", "agent", "conseiller", "conseillère", "réponse", "reponse", "robot"] {
            for separator in [" :", ":"] where text.lowercased().hasPrefix(label + separator) {
                text = String(text.dropFirst(label.count + separator.count)).droppingLeading { $0 == " " }
            }
        }
        let quotes: Set<Character> = ["\"", "«", "»", "“", "”"]
        text = text.droppingLeading { quotes.contains($0) || $0 == " " }.droppingTrailing { quotes.contains($0) || $0 == " " }
        return text
    }

    /// `text` cut at the last word that fits in `limit` characters, closed with a full stop.
    static func cut(_ text: String, to limit: Int) -> String? {
        guard limit >= 2 else { return nil }
        let prefix = text.prefix(limit - 1)
        guard let space = prefix.lastIndex(of: " ") else { return nil }
        let words = prefix[..<space].droppingTrailing { $0 == "," || $0 == ";" || $0 == ":" || $0 == " " }
        guard words.contains(where: { $0.isLetter }) else { return nil }
        return words + "."
    }
}

extension StringProtocol {
    func droppingLeading(while drop: (Character) -> Bool) -> String {
        String(self.drop(while: drop))
    }

    func droppingTrailing(while drop: (Character) -> Bool) -> String {
        var text = Substring(self)
        while let last = text.last, drop(last) { text.removeLast() }
        return String(text)
    }
}
