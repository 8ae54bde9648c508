/// Fuzzy word comparison tuned for French ASR mistakes.
///
/// Recognisers err by sound, not by spelling: "trop chair" for "trop cher", "pas le tant" for
/// "pas le temps". A rough French phonetic key (silent endings dropped, `ai/ei/è` → `E`,
/// nasal `an/en/am/em` → `A`, `eau/au` → `o`, `qu/c` → `k`, `ch` → `S`…) makes those equal;
/// a bounded edit distance catches the remaining typos.
///
/// ```swift
/// FrenchPhonetics.key("chair") == FrenchPhonetics.key("cher") // true
/// FrenchPhonetics.key("tant") == FrenchPhonetics.key("temps") // true
/// ```
public enum FrenchPhonetics {
    /// The phonetic key of a normalised (lowercase ASCII) token.
    public static func key(_ token: String) -> String {
        let s = Array(token.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(s.count)
        func at(_ i: Int) -> UInt8 { i >= 0 && i < s.count ? s[i] : 0 }
        func isVowel(_ c: UInt8) -> Bool { c == 97 || c == 101 || c == 105 || c == 111 || c == 117 || c == 121 }
        let a = UInt8(ascii: "a"), e = UInt8(ascii: "e"), i = UInt8(ascii: "i"), o = UInt8(ascii: "o"), u = UInt8(ascii: "u")
        let n = UInt8(ascii: "n"), m = UInt8(ascii: "m")
        var index = 0
        while index < s.count {
            let c = s[index], next = at(index + 1), after = at(index + 2)
            let nasal = (next == n || next == m) && !isVowel(after) && after != n && after != m
            var emit: UInt8 = c
            var advance = 1
            switch c {
            case e where next == a && after == u: emit = o; advance = 3            // eau
            case a where next == u: emit = o; advance = 2                           // au
            case a where next == i, e where next == i: emit = UInt8(ascii: "E"); advance = 2 // ai, ei
            case o where next == u: emit = UInt8(ascii: "U"); advance = 2           // ou
            case o where next == i: emit = UInt8(ascii: "W"); advance = 2           // oi
            case a where nasal, e where nasal:
                emit = UInt8(ascii: "A"); advance = 2                               // an, en, am, em (nasal)
            case e: emit = UInt8(ascii: "E")
            case UInt8(ascii: "p") where next == UInt8(ascii: "h"): emit = UInt8(ascii: "f"); advance = 2
            case UInt8(ascii: "q") where next == u: emit = UInt8(ascii: "k"); advance = 2
            case UInt8(ascii: "q"): emit = UInt8(ascii: "k")
            case UInt8(ascii: "c") where next == UInt8(ascii: "h"): emit = UInt8(ascii: "S"); advance = 2
            case UInt8(ascii: "c") where next == e || next == i || next == UInt8(ascii: "y"): emit = UInt8(ascii: "s")
            case UInt8(ascii: "c"): emit = UInt8(ascii: "k")
            case UInt8(ascii: "g") where next == e || next == i: emit = UInt8(ascii: "j")
            case UInt8(ascii: "g") where next == n: emit = UInt8(ascii: "N"); advance = 2
            case UInt8(ascii: "y"): emit = i
            case UInt8(ascii: "z"): emit = UInt8(ascii: "s")
            case UInt8(ascii: "x"): emit = UInt8(ascii: "s")
            case UInt8(ascii: "h"): emit = 0
            default: break
            }
            if emit != 0, out.last != emit { out.append(emit) }
            index += advance
        }
        // Silent endings: final e, s, t, d, x, p (repeatedly: "temps" → "tA").
        while out.count > 1, let last = out.last,
              last == UInt8(ascii: "E") || last == UInt8(ascii: "s") || last == UInt8(ascii: "t")
              || last == UInt8(ascii: "d") || last == UInt8(ascii: "p") {
            out.removeLast()
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`.
    public static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
