import Foundation

/// A civil date without a time or a time zone (a consent date, a public holiday).
///
/// Consent dates and holidays are days on the French calendar, not instants: storing
/// them as `Date` would shift them by the time zone of whoever reads them.
///
/// ```swift
/// let day = CalendarDay(year: 2026, month: 8, day: 11)
/// day.description   // "2026-08-11"
/// CalendarDay(iso: "2026-08-11") == day   // true
/// ```
public struct CalendarDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Validates the day exists (leap years included); nil otherwise.
    public init?(validYear year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDay.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses "2026-08-11" (an ISO date, optionally followed by "T…" time) or "11/08/2026"
    /// (French order, also with "-" or "."). Nil when the text is none of those or the day does not exist.
    public init?(parsing text: String) {
        guard let day = CalendarDay.parse(utf8: text.utf8) else { return nil }
        self = day
    }

    /// Byte-level parser behind `init(parsing:)` (the importer calls it once per row).
    static func parse<Bytes: Collection>(utf8 bytes: Bytes) -> CalendarDay? where Bytes.Element == UInt8 {
        var numbers = (0, 0, 0)
        var lengths = (0, 0, 0)
        var part = 0
        var started = false
        scan: for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                started = true
                let digit = Int(byte - UInt8(ascii: "0"))
                switch part {
                case 0: numbers.0 = numbers.0 * 10 + digit; lengths.0 += 1
                case 1: numbers.1 = numbers.1 * 10 + digit; lengths.1 += 1
                default: numbers.2 = numbers.2 * 10 + digit; lengths.2 += 1
                }
                if lengths.0 > 4 || lengths.1 > 4 || lengths.2 > 4 { return nil }
            case UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "."):
                guard started else { return nil }
                part += 1
                if part > 2 { return nil }
            case UInt8(ascii: " "), 0x09:
                if !started { continue }
                if part == 2, lengths.2 > 0 { break scan }
                return nil
            case UInt8(ascii: "T"):
                if part == 2, lengths.2 > 0 { break scan }
                return nil
            default:
                return nil
            }
        }
        guard part == 2, lengths.0 > 0, lengths.1 > 0, lengths.1 <= 2, lengths.2 > 0 else { return nil }
        if lengths.0 == 4, lengths.2 <= 2 {
            return CalendarDay(validYear: numbers.0, month: numbers.1, day: numbers.2)
        }
        if lengths.2 == 4, lengths.0 <= 2 {
            return CalendarDay(validYear: numbers.2, month: numbers.1, day: numbers.0)
        }
        return nil
    }

    public init?(iso: String) { self.init(parsing: iso) }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant's algorithm).
    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(daysSinceEpoch days: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(daysSinceEpoch: daysSinceEpoch + days) }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int {
        let d = daysSinceEpoch // 1970-01-01 was a Thursday (4)
        return ((d % 7 + 7) % 7 + 3) % 7 + 1
    }

    public var description: String {
        let y = String(year), m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "'\(text)' is not a date (YYYY-MM-DD)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
