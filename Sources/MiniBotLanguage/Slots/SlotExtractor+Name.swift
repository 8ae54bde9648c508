/// A caller's name as said after "je m'appelle", "c'est monsieur…", "mon nom c'est…".
public struct PersonName: Sendable, Equatable, Codable, CustomStringConvertible {
    /// "Monsieur", "Madame" or "Mademoiselle" when said.
    public var title: String?
    /// The name words, capitalised ("Jean-Pierre Dupont").
    public var name: String

    public init(title: String? = nil, name: String) {
        self.title = title
        self.name = name
    }

    public var description: String { [title, name].compactMap { $0 }.joined(separator: " ") }
}

extension SlotExtractor {
    static let nameTriggers: [[String]] = [
        ["je", "m", "appelle"], ["je", "me", "nomme"], ["mon", "nom", "c", "est"], ["mon", "nom", "est"],
        ["mon", "nom", "de", "famille", "c", "est"], ["mon", "nom", "de", "famille", "est"], ["moi", "c", "est"],
        ["c", "est"], ["ici"],
    ]
    static let titles: [String: String] = [
        "monsieur": "Monsieur", "m": "Monsieur", "mr": "Monsieur", "madame": "Madame", "mme": "Madame",
        "mademoiselle": "Mademoiselle", "mlle": "Mademoiselle",
    ]
    /// Words that end a name (or show that what follows "c'est" is not one).
    static let nameStops: Set<String> = [
        "et", "mon", "ma", "mes", "je", "j", "c", "est", "numero", "telephone", "tel", "voila", "merci", "s", "il",
        "vous", "au", "a", "de", "du", "le", "la", "les", "un", "une", "pour", "qui", "que", "oui", "non", "bien",
        "moi", "ca", "pas", "trop", "bon", "quoi", "euh", "heu", "ben", "bah", "alors", "donc", "mais", "sur",
        "madame", "monsieur", "ici", "appelle", "nom", "l", "d", "en", "y", "on", "tres", "deja", "plus",
        "rappelez", "rappeler", "appelez", "demain", "aujourd", "svp", "te", "me", "m", "toi", "nous",
    ]

    /// The caller's name, or nil. After "c'est" a title is required ("c'est monsieur Martin"),
    /// since "c'est trop cher" is not a name. With `assumeNameFirst` (the bot just asked for the
    /// name), leading words are taken as the name when no trigger is present ("Pierre Dupont, 06…").
    public func name(in text: String, assumeNameFirst: Bool = false) -> PersonName? {
        let words = Self.rawWords(text)
        let folded = words.map { FrenchNormalizer.tokenize($0).joined() }
        for trigger in Self.nameTriggers {
            var start = 0
            while start + trigger.count <= folded.count {
                if Array(folded[start..<start + trigger.count]) == trigger {
                    let requireTitle = trigger == ["c", "est"] || trigger == ["ici"]
                    if let found = Self.name(words, folded, from: start + trigger.count, requireTitle: requireTitle) {
                        return found
                    }
                }
                start += 1
            }
        }
        if let found = Self.name(words, folded, from: 0, requireTitle: true) { return found }
        return assumeNameFirst ? Self.name(words, folded, from: 0, requireTitle: false) : nil
    }

    static func name(_ words: [String], _ folded: [String], from start: Int, requireTitle: Bool) -> PersonName? {
        var index = start
        while index < folded.count, FrenchNormalizer.fillers.contains(folded[index]) { index += 1 }
        var title: String?
        if index < folded.count, let found = titles[folded[index]] {
            title = found
            index += 1
        }
        if requireTitle && title == nil { return nil }
        var found: [String] = []
        while index < words.count, found.count < 3 {
            let word = folded[index]
            let parts = words[index].split(separator: "-").map { FrenchNormalizer.tokenize(String($0)).joined() }
            if word.isEmpty || nameStops.contains(word) || parts.contains(where: nameStops.contains) || FrenchNumberWords.isNumberWord(word)
                || FrenchNumberWords.isDigits(word) || FrenchNormalizer.fillers.contains(word) { break }
            found.append(capitalized(words[index]))
            index += 1
        }
        guard !found.isEmpty else { return nil }
        return PersonName(title: title, name: found.joined(separator: " "))
    }

    /// Words of the raw text, keeping accents, case and inner hyphens; apostrophes split ("m'appelle" → "m", "appelle").
    static func rawWords(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for character in text {
            if character.isLetter || character.isNumber || (character == "-" && !current.isEmpty) {
                current.append(character)
            } else {
                if !current.isEmpty { words.append(current.hasSuffix("-") ? String(current.dropLast()) : current) }
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// "dupont" → "Dupont", "jean-pierre" → "Jean-Pierre"; mixed-case input is kept as spoken.
    static func capitalized(_ word: String) -> String {
        guard word == word.lowercased() else { return word }
        return word.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: "-")
    }
}
