import Foundation

/// When the caller asked to be called back, as said ("jeudi vers quinze heures trente"),
/// not yet turned into a date. Read once from the utterance by the NLU (`Understanding.callbackTime`),
/// carried by the call report, and resolved by the dialer in the campaign's time zone.
///
/// The extractor has no clock: it records the parts that were spoken, and the caller resolves
/// them against a reference date and calendar it supplies (its clock, the campaign's time zone).
///
/// ```swift
/// let time = SlotExtractor().callbackTime(in: "rappelez-moi demain à 14 h")!
/// // time.dayOffset == 1, time.hour == 14, time.minute == nil
/// var calendar = Calendar(identifier: .gregorian)
/// calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
/// let date = time.resolve(relativeTo: now, calendar: calendar) // tomorrow 14:00 Paris time
/// ```
public struct CallbackTime: Sendable, Equatable, Codable {
    /// Part of the day named without a precise time.
    public enum DayPeriod: String, Sendable, Codable {
        case morning, afternoon, evening

        /// The time used when only the period was given (inside the legal calling hours).
        var defaultTime: (hour: Int, minute: Int) {
            switch self {
            case .morning: (10, 0)
            case .afternoon: (14, 30)
            case .evening: (18, 0)
            }
        }
    }

    /// Days after the reference day: 0 today ("ce soir"), 1 "demain", 2 "après-demain".
    public var dayOffset: Int?
    /// `Calendar` weekday: 1 = Sunday, 2 = Monday … 7 = Saturday.
    public var weekday: Int?
    /// 1 for "la semaine prochaine".
    public var weekOffset: Int?
    public var hour: Int?
    public var minute: Int?
    public var period: DayPeriod?
    /// "dans une heure" → 60, "dans dix minutes" → 10.
    public var offsetMinutes: Int?
    /// The normalised words the time was read from, e.g. `"demain a 14 h"`.
    public var matchedText: String

    public init(dayOffset: Int? = nil, weekday: Int? = nil, weekOffset: Int? = nil, hour: Int? = nil, minute: Int? = nil,
                period: DayPeriod? = nil, offsetMinutes: Int? = nil, matchedText: String) {
        self.dayOffset = dayOffset
        self.weekday = weekday
        self.weekOffset = weekOffset
        self.hour = hour
        self.minute = minute
        self.period = period
        self.offsetMinutes = offsetMinutes
        self.matchedText = matchedText
    }

    /// The moment meant, relative to `reference` (usually the call's "now").
    ///
    /// Rules: an offset ("dans une heure") is added to `reference`; otherwise the day is today,
    /// `dayOffset` days later, the next such weekday (a week later if it is today's), or the
    /// Monday of next week; the time is the spoken one, else the period's default (morning
    /// 10:00, afternoon 14:30, evening 18:00), else 10:00. A time already past today with no day
    /// given moves to tomorrow. Returns nil only if the calendar cannot build the date.
    public func resolve(relativeTo reference: Date, calendar: Calendar) -> Date? {
        if let offsetMinutes {
            return reference.addingTimeInterval(TimeInterval(offsetMinutes * 60))
        }
        let today = calendar.startOfDay(for: reference)
        let referenceWeekday = calendar.component(.weekday, from: reference)
        var days = 0
        let dayGiven = dayOffset != nil || weekday != nil || weekOffset != nil
        if let dayOffset {
            days = dayOffset
        } else if let weekday {
            if weekOffset ?? 0 > 0 {
                days = Self.daysUntilNextMonday(from: referenceWeekday) + (weekday + 5) % 7
            } else {
                days = (weekday - referenceWeekday + 7) % 7
                if days == 0 { days = 7 }
            }
        } else if weekOffset ?? 0 > 0 {
            days = Self.daysUntilNextMonday(from: referenceWeekday)
        }
        let time = hour.map { ($0, minute ?? 0) } ?? period?.defaultTime ?? (10, 0)
        guard let day = calendar.date(byAdding: .day, value: days, to: today),
              var date = calendar.date(bySettingHour: time.0, minute: time.1, second: 0, of: day) else { return nil }
        if !dayGiven, date <= reference, let tomorrow = calendar.date(byAdding: .day, value: 1, to: date) {
            date = tomorrow
        }
        return date
    }

    /// Days from a weekday to the following Monday (7 when it is Monday).
    static func daysUntilNextMonday(from weekday: Int) -> Int {
        let days = (2 - weekday + 7) % 7
        return days == 0 ? 7 : days
    }
}
