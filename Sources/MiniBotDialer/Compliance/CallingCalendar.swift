import Foundation

/// Answers "may we call at this instant, and if not, when next?" for a policy's weekly
/// windows, public holidays and time zone. Built once per campaign (it holds a
/// `Calendar`), then queried with plain `Date`s; no clock inside.
///
/// DST is handled by building every window edge from local wall-clock components, so
/// "10:00" is 10:00 in Paris on both sides of a transition.
///
/// ```swift
/// let calendar = CallingCalendar(policy: .france)
/// calendar.nextOpening(atOrAfter: saturdayNoon)   // Monday 10:00 Paris time
/// ```
public struct CallingCalendar: Sendable {
    public let timeZone: TimeZone
    public let windows: WeeklyWindows
    public let skipsPublicHolidays: Bool
    public let alsaceMoselle: Bool
    let calendar: Calendar

    public init(policy: CompliancePolicy) {
        let zone = TimeZone(identifier: policy.timeZone) ?? TimeZone(identifier: "Europe/Paris") ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        self.calendar = calendar
        timeZone = zone
        windows = policy.windows
        skipsPublicHolidays = policy.skipPublicHolidays
        alsaceMoselle = policy.alsaceMoselleHolidays
    }

    /// The local civil day of an instant.
    public func localDay(of date: Date) -> CalendarDay {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return CalendarDay(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    /// The instant of a local wall-clock time (minute 1440 = next midnight).
    public func instant(_ day: CalendarDay, minuteOfDay: Int) -> Date {
        let target = minuteOfDay >= 1440 ? day.adding(days: 1) : day
        let minute = minuteOfDay >= 1440 ? 0 : minuteOfDay
        let components = DateComponents(year: target.year, month: target.month, day: target.day,
                                        hour: minute / 60, minute: minute % 60)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: Double(target.daysSinceEpoch) * 86_400)
    }

    /// Adds calendar days keeping the local wall-clock time (the "30 days"/"60 days" of the rules).
    public func adding(days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(Double(days) * 86_400)
    }

    /// The public holiday on a local day, when the policy skips holidays.
    public func holiday(on day: CalendarDay) -> FrenchHoliday? {
        skipsPublicHolidays ? FrenchHolidays.holiday(on: day, alsaceMoselle: alsaceMoselle) : nil
    }

    /// Windows open on a local day (none on holidays).
    public func windows(on day: CalendarDay) -> [TimeWindow] {
        holiday(on: day) == nil ? windows[isoWeekday: day.isoWeekday] : []
    }

    /// The earliest instant ≥ `date` inside a window; nil if the policy never opens within `horizonDays`.
    public func nextOpening(atOrAfter date: Date, horizonDays: Int = 400) -> Date? {
        var day = localDay(of: date)
        for _ in 0..<horizonDays {
            for window in windows(on: day) {
                let end = instant(day, minuteOfDay: window.end)
                guard date < end else { continue }
                let start = instant(day, minuteOfDay: window.start)
                return max(date, start)
            }
            day = day.adding(days: 1)
        }
        return nil
    }

    /// The instant the current window closes, or nil when closed now.
    public func currentWindowEnd(at date: Date) -> Date? {
        let day = localDay(of: date)
        for window in windows(on: day) {
            let start = instant(day, minuteOfDay: window.start), end = instant(day, minuteOfDay: window.end)
            if date >= start, date < end { return end }
        }
        return nil
    }
}
