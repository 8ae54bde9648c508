/// One answer the robot knows: an objection ("c'est trop cher") or a FAQ ("vous êtes qui ?").
///
/// Entries are data (JSON resources per theme), never code, so an operator can add a
/// theme without a rebuild. `audioFile` is relative to the voice's `objections/` folder.
public struct ObjectionEntry: Codable, Sendable, Equatable, Hashable {
    public enum Kind: String, Codable, Sendable, Hashable {
        case objection
        case faq
    }

    public var id: String
    public var theme: String
    public var kind: Kind
    public var category: String
    public var keywords: [String]
    public var response: String
    public var audioFile: String?

    public init(id: String, theme: String, kind: Kind, category: String, keywords: [String], response: String, audioFile: String? = nil) {
        self.id = id
        self.theme = theme
        self.kind = kind
        self.category = category
        self.keywords = keywords
        self.response = response
        self.audioFile = audioFile
    }
}

/// The best entry for an utterance and how sure the matcher is (0…1).
public struct ObjectionMatch: Sendable, Equatable {
    public var entry: ObjectionEntry
    public var score: Double

    public init(entry: ObjectionEntry, score: Double) {
        self.entry = entry
        self.score = score
    }
}

/// Finds the answer to an objection or question among the given themes
/// (`"general"` is always searched as well by implementations).
public protocol ObjectionMatching: Sendable {
    func bestMatch(for text: String, themes: [String]) -> ObjectionMatch?
}
