/// Tone of one utterance or of a whole call: decided by the NLU, kept per turn and per call.
///
/// Raw values are lower-case (JSON of `nlu classify`, transcripts); seed 000's database and
/// exports spell them upper-case, which is ``seedName``.
public enum Sentiment: String, Codable, CaseIterable, Sendable, Hashable {
    case positive
    case neutral
    case negative

    /// `POSITIVE`, `NEUTRAL`, `NEGATIVE`: the spelling of seed 000's columns and CSV exports.
    public var seedName: String { rawValue.uppercased() }

    /// Parses either spelling (`positive`, `POSITIVE`).
    public init?(seedName: String) {
        self.init(rawValue: seedName.lowercased())
    }
}
