import Foundation
import MiniBotLanguage
import Testing

/// The committed French telephone clips (Tests/SpeechClips/fr, made by scripts/make-speech-clips.sh)
/// and the real local recogniser they are checked against (`scripts/whisper-local.sh start` sets
/// WHISPER_URL; scripts/test.sh starts it for CI).
enum SpeechClips {
    struct Clip: Sendable {
        var file: String
        var voice: String
        var intent: String
        var text: String
        var path: String { SpeechClips.folder + "/" + file }
    }

    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    static var folder: String { repositoryRoot + "/Tests/SpeechClips/fr" }

    static func all() throws -> [Clip] {
        let manifest = try String(contentsOfFile: folder + "/clips.tsv", encoding: .utf8)
        return manifest.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { return nil }
            return Clip(file: fields[0], voice: fields[1], intent: fields[2], text: fields[3])
        }
    }

    /// The recogniser's URL when one is configured for the tests.
    static var whisperURL: String? {
        guard let url = ProcessInfo.processInfo.environment["WHISPER_URL"], !url.isEmpty else { return nil }
        return url
    }

    static let skipReason: Comment = "WHISPER_URL not set: run eval \"$(scripts/whisper-local.sh start)\" (scripts/test.sh does)"
}

/// Word error rate after the same folding for reference and hypothesis: case, accents,
/// punctuation, apostrophes and number words (`dix` = `10`, `quatorze heures` = `14 h`) do not
/// count as errors, as in Whisper's own evaluation normaliser; fillers and repeats do count.
enum WordErrorRate {
    static let normalizer = FrenchNormalizer(options: .init(convertNumbers: true, removeFillers: false, collapseRepeats: false))

    static func tokens(_ text: String) -> [String] {
        normalizer.normalize(text).tokens.map { $0 == "heures" || $0 == "heure" ? "h" : $0 }
    }

    /// Word-level Levenshtein distance: substitutions + deletions + insertions.
    static func errors(reference: [String], hypothesis: [String]) -> Int {
        var previous = Array(0...hypothesis.count)
        for (i, word) in reference.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: hypothesis.count)
            for (j, heard) in hypothesis.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (word == heard ? 0 : 1))
            }
            previous = current
        }
        return previous[hypothesis.count]
    }
}
