/// Pulls the values a conversation needs out of one utterance: a callback time, a French phone
/// number, a caller's name (seed 004's identification step, seed 001's callbacks).
///
/// Pure: no clock (times stay relative, see `CallbackTime.resolve`), no regular expressions,
/// one pass over normalised tokens where numbers are already digits.
///
/// ```swift
/// let slots = SlotExtractor()
/// slots.phoneNumber(in: "zéro six douze trente-quatre cinquante-six soixante-dix-huit") // "0612345678"
/// slots.phoneNumber(in: "+33 6 12 34 56 78")                                          // "0612345678"
/// slots.callbackTime(in: "plutôt jeudi vers quinze heures trente")?.hour               // 15
/// slots.name(in: "oui c'est monsieur Dupont")                                          // Monsieur Dupont
/// ```
public struct SlotExtractor: Sendable {
    let normalizer = FrenchNormalizer()

    public init() {}

    /// Everything found in `text`.
    public func extract(_ text: String) -> Slots {
        Slots(callbackTime: callbackTime(in: text), phoneNumber: phoneNumber(in: text), name: name(in: text))
    }

    // MARK: Phone numbers

    /// A French number as 10 digits (`0612345678`), from digits in any grouping or spoken
    /// words, with `+33` / `0033` / `33` prefixes turned back into `0`; nil when absent.
    public func phoneNumber(in text: String) -> String? {
        let tokens = normalizer.normalize(text).tokens
        var run: [String] = []
        func check() -> String? {
            defer { run.removeAll() }
            return Self.phoneNumber(fromDigitGroups: run)
        }
        for token in tokens {
            if FrenchNumberWords.isDigits(token) {
                run.append(token)
            } else if token == "plus" && run.isEmpty {
                continue
            } else if let found = check() {
                return found
            }
        }
        return check()
    }

    /// The first valid number formed by consecutive groups of `groups`.
    static func phoneNumber(fromDigitGroups groups: [String]) -> String? {
        guard !groups.isEmpty else { return nil }
        for start in groups.indices {
            var digits = ""
            for group in groups[start...] {
                digits += group
                if let number = normalizedFrench(digits) { return number }
                if digits.count >= 13 { break }
            }
        }
        return nil
    }

    static func normalizedFrench(_ digits: String) -> String? {
        let bytes = Array(digits.utf8)
        func valid(_ national: ArraySlice<UInt8>) -> Bool { // 9 digits after the leading 0, not starting with 0
            national.count == 9 && national.first != UInt8(ascii: "0")
        }
        if bytes.count == 10, bytes[0] == UInt8(ascii: "0"), valid(bytes[1...]) { return digits }
        if bytes.count == 11, bytes[0] == UInt8(ascii: "3"), bytes[1] == UInt8(ascii: "3"), valid(bytes[2...]) {
            return "0" + String(decoding: bytes[2...], as: UTF8.self)
        }
        if bytes.count == 13, bytes.starts(with: Array("0033".utf8)), valid(bytes[4...]) {
            return "0" + String(decoding: bytes[4...], as: UTF8.self)
        }
        return nil
    }

    // MARK: Callback time

    static let weekdays: [String: Int] = [
        "dimanche": 1, "lundi": 2, "mardi": 3, "mercredi": 4, "jeudi": 5, "vendredi": 6, "samedi": 7,
    ]

    /// The callback moment spoken in `text`, or nil when none was said.
    public func callbackTime(in text: String) -> CallbackTime? {
        callbackTime(tokens: normalizer.normalize(text).tokens)
    }

    /// Same as `callbackTime(in:)` on tokens already normalised with default options.
    func callbackTime(tokens t: [String]) -> CallbackTime? {
        var result = CallbackTime(matchedText: "")
        var first: Int?
        var last = -1
        func mark(_ range: Range<Int>) {
            first = min(first ?? range.lowerBound, range.lowerBound)
            last = max(last, range.upperBound - 1)
        }
        func word(_ i: Int) -> String { i >= 0 && i < t.count ? t[i] : "" }
        func number(_ i: Int) -> Int? { FrenchNumberWords.isDigits(word(i)) ? Int(word(i)) : nil }
        func isHourWord(_ i: Int) -> Bool { ["h", "heure", "heures"].contains(word(i)) }

        var i = 0
        while i < t.count {
            let w = t[i]
            if w == "apres", word(i + 1) == "demain" {
                result.dayOffset = 2; mark(i..<i + 2); i += 2; continue
            }
            if w == "apres", word(i + 1) == "midi" {
                if result.hour == nil { result.period = .afternoon }
                mark(i..<i + 2); i += 2; continue
            }
            if w == "demain" { result.dayOffset = 1; mark(i..<i + 1) }
            if w == "aujourd", word(i + 1) == "hui" { result.dayOffset = 0; mark(i..<i + 2); i += 2; continue }
            if w == "ce" || w == "cet", ["soir", "matin"].contains(word(i + 1)) || (word(i + 1) == "apres" && word(i + 2) == "midi") {
                result.dayOffset = result.dayOffset ?? 0
                mark(i..<i + 1)
            }
            if w == "matin" { result.period = .morning; mark(i..<i + 1) }
            if w == "soir" || w == "soiree" { result.period = .evening; mark(i..<i + 1) }
            if w == "fin", word(i + 1) == "de", word(i + 2) == "journee" { result.period = .evening; mark(i..<i + 3) }
            if w == "fin", word(i + 1) == "de", word(i + 2) == "semaine" { result.weekday = 6; mark(i..<i + 3) }
            if let day = Self.weekdays[w] { result.weekday = day; mark(i..<i + 1) }
            if w == "semaine", word(i + 1) == "prochaine" { result.weekOffset = 1; mark(i..<i + 2) }
            if w == "dans", let parsed = Self.duration(t, i + 1) {
                result.offsetMinutes = parsed.minutes; mark(i..<parsed.end); i = parsed.end; continue
            }
            if w == "midi" || w == "minuit" {
                var minute: Int?
                var end = i + 1
                if word(i + 1) == "et", ["demi", "demie"].contains(word(i + 2)) { minute = 30; end = i + 3 }
                else if word(i + 1) == "et", word(i + 2) == "quart" { minute = 15; end = i + 3 }
                result.hour = w == "midi" ? 12 : 0; result.minute = minute; mark(i..<end); i = end; continue
            }
            if let hour = number(i), hour <= 23, isHourWord(i + 1) {
                var minute: Int?
                var end = i + 2
                if let m = number(i + 2), m <= 59 { minute = m; end = i + 3 }
                else if word(i + 2) == "et", ["demi", "demie"].contains(word(i + 3)) { minute = 30; end = i + 4 }
                else if word(i + 2) == "et", word(i + 3) == "quart" { minute = 15; end = i + 4 }
                else if word(i + 2) == "moins", word(i + 3) == "le", word(i + 4) == "quart" { minute = -15; end = i + 5 }
                var h = hour
                if minute == -15 { h = (hour + 23) % 24; minute = 45 }
                let pm = (word(end) == "de" && word(end + 1) == "l" && word(end + 2) == "apres")
                    || (word(end) == "du" && word(end + 1) == "soir")
                let am = word(end) == "du" && word(end + 1) == "matin"
                if pm && h < 12 { h += 12 } else if !am && h >= 1 && h <= 7 { h += 12 } // calls happen by day
                result.hour = h; result.minute = minute; mark(i..<end); i = end; continue
            }
            i += 1
        }
        guard let first else { return nil }
        result.matchedText = t[first...last].joined(separator: " ")
        return result
    }

    /// "une heure", "2 heures", "10 minutes", "une demi heure", "un quart d heure" → minutes.
    static func duration(_ t: [String], _ start: Int) -> (minutes: Int, end: Int)? {
        func word(_ i: Int) -> String { i < t.count ? t[i] : "" }
        if ["une", "un", "1"].contains(word(start)), word(start + 1) == "demi", word(start + 2).hasPrefix("heure") {
            return (30, start + 3)
        }
        if ["un", "1"].contains(word(start)), word(start + 1) == "quart", word(start + 2) == "d", word(start + 3).hasPrefix("heure") {
            return (15, start + 4)
        }
        guard FrenchNumberWords.isDigits(word(start)), let value = Int(word(start)) else { return nil }
        switch word(start + 1) {
        case "heure", "heures", "h": return (value * 60, start + 2)
        case "minute", "minutes", "min": return (value, start + 2)
        case "jour", "jours": return (value * 24 * 60, start + 2)
        default: return nil
        }
    }
}

/// The slots found in one utterance.
public struct Slots: Sendable, Equatable {
    public var callbackTime: CallbackTime?
    public var phoneNumber: String?
    public var name: PersonName?

    public init(callbackTime: CallbackTime? = nil, phoneNumber: String? = nil, name: PersonName? = nil) {
        self.callbackTime = callbackTime
        self.phoneNumber = phoneNumber
        self.name = name
    }
}
