/// French number words to digits, the way people say phone numbers and times.
///
/// Composition follows French grammar and nothing more, so a phone number said in pairs
/// stays in pairs: `zéro six douze trente quatre` → `0 6 12 34` (12 is not a tens word, so it
/// never absorbs `trente`), while `soixante dix huit` → `78`, `quatre vingt dix` → `90`,
/// `vingt et un` → `21`, `deux mille vingt quatre` → `2024`.
///
/// `un`/`une` stay words unless they sit next to another number or before a unit of time
/// (`une heure` → `1 heure`), because "j'ai un crédit" must keep its article.
///
/// ```swift
/// FrenchNumberWords.convert(["quinze", "heures", "trente"]) // ["15", "heures", "30"]
/// ```
public enum FrenchNumberWords {
    static let units: [String: Int] = [
        "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
        "huit": 8, "neuf": 9,
    ]
    static let teens: [String: Int] = [
        "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    ]
    static let tens: [String: Int] = [
        "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
        "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
    ]
    static let timeUnits: Set<String> = ["heure", "heures", "h", "minute", "minutes", "min", "jour", "jours", "semaine", "semaines", "mois"]

    /// Whether `token` can start or continue a number.
    static func isNumberWord(_ token: String) -> Bool {
        units[token] != nil || teens[token] != nil || tens[token] != nil || token == "cent" || token == "cents" || token == "mille"
    }

    static func isDigits(_ token: String) -> Bool {
        guard !token.isEmpty else { return false }
        return token.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    /// Replaces every run of number words with digit tokens.
    public static func convert(_ tokens: [String]) -> [String] {
        guard tokens.contains(where: isNumberWord) else { return tokens }
        var out: [String] = []
        out.reserveCapacity(tokens.count)
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            guard isNumberWord(token) else {
                out.append(token)
                index += 1
                continue
            }
            if token == "cent" || token == "cents", out.last == "pour" { // "cinquante pour cent"
                out.append(token)
                index += 1
                continue
            }
            if token == "un" || token == "une" {
                let next = index + 1 < tokens.count ? tokens[index + 1] : ""
                let previous = out.last ?? ""
                let numeric = isNumberWord(next) || isDigits(next) || timeUnits.contains(next)
                    || isDigits(previous) || (index > 0 && isNumberWord(tokens[index - 1]))
                if !numeric {
                    out.append(token)
                    index += 1
                    continue
                }
            }
            let (value, next) = parseBelowMillion(tokens, index)
            if next > index {
                out.append(String(value))
                index = next
            } else {
                out.append(token)
                index += 1
            }
        }
        return out
    }

    /// Parses `[below1000] [mille [below1000]]`.
    static func parseBelowMillion(_ tokens: [String], _ start: Int) -> (Int, Int) {
        let (value, index) = parseBelowThousand(tokens, start)
        if index < tokens.count, tokens[index] == "mille" {
            let multiplier = index == start ? 1 : value
            let afterMille = index + 1
            let (rest, after) = parseBelowThousand(tokens, afterMille)
            return (multiplier * 1000 + (after > afterMille ? rest : 0), max(after, afterMille))
        }
        if index == start { return (0, start) }
        return (value, index)
    }

    /// Parses `[unit] cent [below100]` or `below100`.
    static func parseBelowThousand(_ tokens: [String], _ start: Int) -> (Int, Int) {
        var index = start
        var hundreds = 0
        if index < tokens.count, tokens[index] == "cent" || tokens[index] == "cents" {
            hundreds = 1
            index += 1
        } else if index + 1 < tokens.count, let unit = units[tokens[index]], unit >= 2,
                  tokens[index + 1] == "cent" || tokens[index + 1] == "cents" {
            hundreds = unit
            index += 2
        }
        if hundreds > 0 {
            let (rest, after) = parseBelowHundred(tokens, index)
            return (hundreds * 100 + (after > index ? rest : 0), max(after, index))
        }
        return parseBelowHundred(tokens, start)
    }

    /// Parses one number under 100, or returns `(0, start)` when there is none.
    static func parseBelowHundred(_ tokens: [String], _ start: Int) -> (Int, Int) {
        guard start < tokens.count else { return (0, start) }
        let token = tokens[start]
        func at(_ offset: Int) -> String? { start + offset < tokens.count ? tokens[start + offset] : nil }

        if token == "quatre", let next = at(1), next == "vingt" || next == "vingts" {
            let (rest, after) = parseUnitOrTeen(tokens, start + 2, allowTeens: true)
            return (80 + rest, after)
        }
        if let tensValue = tens[token] {
            var index = start + 1
            if at(1) == "et", let word = at(2), word == "un" || word == "une" || (tensValue == 60 && word == "onze") {
                return (tensValue + (word == "onze" ? 11 : 1), start + 3)
            }
            let (rest, after) = parseUnitOrTeen(tokens, index, allowTeens: tensValue == 60)
            if after > index, rest > 0 { index = after; return (tensValue + rest, index) }
            return (tensValue, start + 1)
        }
        return parseUnitOrTeen(tokens, start, allowTeens: true)
    }

    /// A unit (1-9), a teen (10-16) or `dix sept/huit/neuf`; `(0, start)` when absent.
    static func parseUnitOrTeen(_ tokens: [String], _ start: Int, allowTeens: Bool) -> (Int, Int) {
        guard start < tokens.count else { return (0, start) }
        let token = tokens[start]
        if allowTeens, token == "dix", start + 1 < tokens.count, let unit = units[tokens[start + 1]], unit >= 7 {
            return (10 + unit, start + 2)
        }
        if allowTeens, let teen = teens[token] { return (teen, start + 1) }
        if let unit = units[token] { return (unit, start + 1) }
        return (0, start)
    }
}
