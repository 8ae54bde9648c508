import Foundation

/// Finds the time part of a callback request in raw French ASR text, so the record and the
/// confirmation say "demain à 14 h". A deliberately small rule set; the NLU's slot
/// extractor (SPEC D4) can be injected instead through `DialogueConfiguration`.
///
///     CallbackTimeExtractor.extract("rappelez-moi demain à 14 h")  // "demain à 14 h"
public enum CallbackTimeExtractor {
    static let markers = [
        "aujourd'hui", "aujourd hui", "demain", "après-demain", "apres-demain", "ce soir", "ce matin",
        "cet après-midi", "cet apres-midi", "cet aprem", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
        "samedi", "dimanche", "la semaine prochaine", "le mois prochain", "plus tard", "dans une heure",
        "dans une demi-heure", "dans deux heures", "en fin de journée", "en fin de matinée", "vers ", "à partir de",
    ]

    @Sendable public static func extract(_ text: String) -> String? {
        let lower = text.lowercased()
        var best: String.Index?
        for marker in markers {
            if let range = lower.range(of: marker), best.map({ range.lowerBound < $0 }) ?? true {
                best = range.lowerBound
            }
        }
        if best == nil { best = firstClockTime(in: lower) }
        guard let start = best else { return nil }
        let tail = lower[start...].trimmed(of: " .,!?")
        return tail.isEmpty ? nil : tail
    }

    /// "à 14 h", "14h30", "à 9 heures": the index of "à" before digits, or of the digits.
    private static func firstClockTime(in text: String) -> String.Index? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isNumber {
                var end = index
                while end < text.endIndex, text[end].isNumber { end = text.index(after: end) }
                let after = text[end...].drop { $0 == " " }
                if after.hasPrefix("h") {
                    let before = text[..<index]
                    let trimmed = before.dropLast(before.hasSuffix(" ") ? 1 : 0)
                    return trimmed.hasSuffix("à") ? trimmed.index(before: trimmed.endIndex) : index
                }
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return nil
    }
}

extension Substring {
    func trimmed(of characters: String) -> String {
        var text = self
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
