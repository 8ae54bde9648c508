/// Turns raw French ASR text into comparable tokens, so every matcher downstream sees one
/// spelling per word whatever the recogniser produced.
///
/// Recognisers (Vosk, Whisper, Deepgram) disagree on case, accents, apostrophes and
/// punctuation, and callers add fillers and repeat themselves. The normaliser folds all of
/// that away: `"Euh… ben OUI, c'est trop chère !"` and `"oui oui sait trop cher"` both become
/// `["oui", "c", "est", "trop", "cher"]`.
///
/// Steps, in order: lowercase and strip accents (`œ` → `oe`); split on anything that is not a
/// letter or digit (apostrophes, hyphens, punctuation) and between letters and digits
/// (`14h30` → `14 h 30`); expand glued spoken forms (`jai`, `cest`, `chuis`, `daccord`);
/// repair frequent homophones in context (`sait trop cher` → `c est trop cher`); drop fillers
/// (`euh`, `ben`, `bah`, `hein`, a leading `bon`…); turn number words into digits
/// (`vingt et un` → `21`, `zéro six douze` → `0 6 12`); collapse immediate repeats
/// (`oui oui oui` → `oui`, never for digits).
///
/// ```swift
/// let normalizer = FrenchNormalizer()
/// normalizer.normalize("Rappelez-moi demain à quatorze heures").tokens
/// // ["rappelez", "moi", "demain", "a", "14", "heures"]
/// ```
///
/// The type is a value with no state; every table is a static constant built once.
public struct FrenchNormalizer: Sendable {
    /// Which optional steps run (all on by default; the classifier, matcher and slots share the defaults).
    public struct Options: Sendable, Equatable {
        public var convertNumbers: Bool
        public var removeFillers: Bool
        public var collapseRepeats: Bool

        public init(convertNumbers: Bool = true, removeFillers: Bool = true, collapseRepeats: Bool = true) {
            self.convertNumbers = convertNumbers
            self.removeFillers = removeFillers
            self.collapseRepeats = collapseRepeats
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Normalises one utterance.
    public func normalize(_ text: String) -> NormalizedText {
        Self.audit?.count()
        var tokens = Self.tokenize(text)
        let hadContent = !tokens.isEmpty
        tokens = Self.expandGluedForms(tokens)
        tokens = Self.repairHomophones(tokens)
        if options.removeFillers { tokens = Self.removeFillers(tokens) }
        if options.convertNumbers { tokens = FrenchNumberWords.convert(tokens) }
        if options.collapseRepeats { tokens = Self.collapseRepeats(tokens) }
        return NormalizedText(tokens: tokens, hadContent: hadContent)
    }

    /// Lowercase, accent-free, letter/digit runs of `text`; nothing else survives.
    static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(16)
        var currentIsDigit = false

        func flush() {
            if !current.isEmpty {
                tokens.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }

        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value >= 48 && value <= 57 { // 0-9
                if !currentIsDigit { flush() }
                currentIsDigit = true
                current.append(UInt8(value))
                continue
            }
            let folded = fold(value)
            if folded.0 == 0 {
                flush()
                continue
            }
            if currentIsDigit { flush() }
            currentIsDigit = false
            current.append(folded.0)
            if folded.1 != 0 { current.append(folded.1) }
        }
        flush()
        return tokens
    }

    /// Lowercase ASCII letter(s) for a letter scalar, `(0, 0)` for a separator.
    @inline(__always)
    static func fold(_ value: UInt32) -> (UInt8, UInt8) {
        switch value {
        case 97...122: return (UInt8(value), 0)
        case 65...90: return (UInt8(value + 32), 0)
        case 0xE0...0xE5, 0xC0...0xC5: return (UInt8(ascii: "a"), 0)
        case 0xE7, 0xC7: return (UInt8(ascii: "c"), 0)
        case 0xE8...0xEB, 0xC8...0xCB: return (UInt8(ascii: "e"), 0)
        case 0xEC...0xEF, 0xCC...0xCF: return (UInt8(ascii: "i"), 0)
        case 0xF1, 0xD1: return (UInt8(ascii: "n"), 0)
        case 0xF2...0xF6, 0xD2...0xD6, 0xF8, 0xD8: return (UInt8(ascii: "o"), 0)
        case 0xF9...0xFC, 0xD9...0xDC: return (UInt8(ascii: "u"), 0)
        case 0xFD, 0xFF, 0xDD, 0x178: return (UInt8(ascii: "y"), 0)
        case 0x153, 0x152: return (UInt8(ascii: "o"), UInt8(ascii: "e"))
        case 0xE6, 0xC6: return (UInt8(ascii: "a"), UInt8(ascii: "e"))
        case 0xDF: return (UInt8(ascii: "s"), UInt8(ascii: "s"))
        default: return (0, 0)
        }
    }

    static func collapseRepeats(_ tokens: [String]) -> [String] {
        guard tokens.count > 1 else { return tokens }
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        for token in tokens {
            if let last = out.last, last == token, !Self.repeatable.contains(token),
               let first = token.utf8.first, !(first >= 48 && first <= 57) {
                continue
            }
            out.append(token)
        }
        return out
    }

    /// Words that legitimately follow themselves ("vous vous appelez").
    static let repeatable: Set<String> = ["vous", "nous"]
}

/// The tokens of one normalised utterance.
public struct NormalizedText: Sendable, Equatable {
    /// Lowercase, accent-free words and digit strings, fillers removed.
    public var tokens: [String]
    /// Whether the raw text held any letter or digit at all (false means silence, not gibberish).
    public var hadContent: Bool

    public init(tokens: [String], hadContent: Bool) {
        self.tokens = tokens
        self.hadContent = hadContent
    }

    /// Tokens joined by single spaces, handy for logs and tests.
    public var text: String { tokens.joined(separator: " ") }
}
