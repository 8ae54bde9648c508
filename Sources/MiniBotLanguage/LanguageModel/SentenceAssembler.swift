/// Cuts a streamed answer into whole sentences as the chunks arrive, so the first sentence
/// can be spoken while the model is still writing the second.
///
/// A sentence ends at `.`, `!`, `?` or `…` (any run of them) followed by white space, or at a line
/// break. A full stop right after a French title ("M.", "Mme.", "Dr.") or a single capital ("J. Dupont")
/// does not end a sentence, and neither does one inside a number ("3.5") since no space follows.
/// ```swift
/// var assembler = SentenceAssembler()
/// assembler.append("Bonjour. Comm")   // ["Bonjour."]
/// assembler.append("ent allez-vous ?") // [] (no space after "?" yet: it may still be "?!")
/// assembler.finish()                   // "Comment allez-vous ?"
/// ```
public struct SentenceAssembler: Sendable {
    /// The text after the last complete sentence: at most one sentence, so it is simply rescanned.
    private var buffer = ""

    static let terminators: Set<Character> = [".", "!", "?", "…"]
    static let titles: Set<String> = ["m", "mme", "mlle", "mm", "dr", "me", "st", "ste", "pr", "cf", "ex", "env", "tél", "tel", "n°"]

    public init() {}

    /// Adds a chunk; returns the sentences it completed, trimmed, in order.
    public mutating func append(_ chunk: String) -> [String] {
        guard !chunk.isEmpty else { return [] }
        buffer += chunk
        var index = buffer.startIndex
        var sentences: [String] = []
        var start = buffer.startIndex
        while index < buffer.endIndex {
            let character = buffer[index]
            let next = buffer.index(after: index)
            if character.isNewline {
                if let sentence = Self.clean(buffer[start..<index]) { sentences.append(sentence) }
                start = next
            } else if Self.terminators.contains(character) {
                // Wait for the character after the run of terminators before deciding.
                var end = next
                while end < buffer.endIndex, Self.terminators.contains(buffer[end]) { end = buffer.index(after: end) }
                guard end < buffer.endIndex else { break }
                if buffer[end].isWhitespace, !Self.isAbbreviation(buffer[start..<index], terminator: character) {
                    if let sentence = Self.clean(buffer[start..<end]) { sentences.append(sentence) }
                    start = end
                }
                index = end
                continue
            }
            index = next
        }
        buffer = String(buffer[start...])
        return sentences
    }

    /// The text after the last complete sentence (the stream ended), or nil when only spaces are left.
    public mutating func finish() -> String? {
        defer { buffer = "" }
        return Self.clean(buffer[...])
    }

    static func isAbbreviation(_ text: Substring, terminator: Character) -> Bool {
        guard terminator == "." else { return false }
        var word = Substring("")
        if let space = text.lastIndex(where: { $0.isWhitespace || $0 == "(" || $0 == "'" || $0 == "’" }) {
            word = text[text.index(after: space)...]
        } else {
            word = text
        }
        if word.count == 1, let first = word.first, first.isUppercase { return true }
        return titles.contains(word.lowercased())
    }

    static func clean(_ text: Substring) -> String? {
        let trimmed = text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        let result = String(trimmed)
        return result.contains(where: { $0.isLetter || $0.isNumber }) ? result : nil
    }
}
