import Foundation
import Testing
@testable import MiniBotDialer

/// Reference table written from service-public.fr "Jours fériés" (2026–2030) and
/// cross-checked with python-dateutil's `easter()`, independent of the code under test.
let frenchHolidayTable: [Int: [String]] = [
    2026: ["2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
           "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"],
    2027: ["2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17",
           "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25"],
    2028: ["2028-01-01", "2028-04-17", "2028-05-01", "2028-05-08", "2028-05-25", "2028-06-05",
           "2028-07-14", "2028-08-15", "2028-11-01", "2028-11-11", "2028-12-25"],
    2029: ["2029-01-01", "2029-04-02", "2029-05-01", "2029-05-08", "2029-05-10", "2029-05-21",
           "2029-07-14", "2029-08-15", "2029-11-01", "2029-11-11", "2029-12-25"],
    2030: ["2030-01-01", "2030-04-22", "2030-05-01", "2030-05-08", "2030-05-30", "2030-06-10",
           "2030-07-14", "2030-08-15", "2030-11-01", "2030-11-11", "2030-12-25"],
]

@Suite("French public holidays")
struct FrenchHolidaysTests {
    @Test("Easter Sunday (Meeus/Butcher) matches known dates", arguments: [
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"),
        (2028, "2028-04-16"), (2029, "2029-04-01"), (2030, "2030-04-21"), (2038, "2038-04-25"), (2285, "2285-03-22"),
    ])
    func easter(year: Int, expected: String) {
        #expect(FrenchHolidays.easterSunday(year: year).description == expected)
    }

    @Test("Holidays 2026–2030 match the reference table", arguments: 2026...2030)
    func table(year: Int) throws {
        let expected = try #require(frenchHolidayTable[year])
        #expect(FrenchHolidays.holidays(in: year).map(\.day.description) == expected)
        for text in expected {
            let day = try #require(CalendarDay(iso: text))
            #expect(FrenchHolidays.holiday(on: day) != nil, "\(text) should be a holiday")
        }
    }

    @Test("Every other day of 2026–2030 is not a holiday")
    func nonHolidays() throws {
        let all = Set(frenchHolidayTable.values.joined())
        var day = CalendarDay(year: 2026, month: 1, day: 1)
        var count = 0
        while day.year <= 2030 {
            #expect((FrenchHolidays.holiday(on: day) != nil) == all.contains(day.description), "\(day)")
            if FrenchHolidays.holiday(on: day) != nil { count += 1 }
            day = day.adding(days: 1)
        }
        #expect(count == 55)
    }

    @Test("Alsace-Moselle adds Good Friday and 26 December")
    func alsaceMoselle() {
        #expect(FrenchHolidays.holiday(on: CalendarDay(year: 2027, month: 3, day: 26), alsaceMoselle: true) == .goodFriday)
        #expect(FrenchHolidays.holiday(on: CalendarDay(year: 2027, month: 3, day: 26)) == nil)
        #expect(FrenchHolidays.holiday(on: CalendarDay(year: 2026, month: 12, day: 26), alsaceMoselle: true) == .saintStephen)
        #expect(FrenchHolidays.holidays(in: 2026, alsaceMoselle: true).count == 13)
    }

    @Test("CalendarDay parsing, weekday and day arithmetic")
    func calendarDay() {
        #expect(CalendarDay(parsing: "11/08/2026") == CalendarDay(year: 2026, month: 8, day: 11))
        #expect(CalendarDay(parsing: "2026-08-11T09:00:00Z") == CalendarDay(year: 2026, month: 8, day: 11))
        #expect(CalendarDay(parsing: "29/02/2027") == nil)
        #expect(CalendarDay(parsing: "29/02/2028") == CalendarDay(year: 2028, month: 2, day: 29))
        #expect(CalendarDay(parsing: "2026-13-01") == nil)
        #expect(CalendarDay(parsing: "soon") == nil)
        #expect(CalendarDay(year: 2026, month: 11, day: 21).isoWeekday == 6) // a Saturday
        #expect(CalendarDay(year: 1970, month: 1, day: 1).isoWeekday == 4)   // a Thursday
        #expect(CalendarDay(year: 2026, month: 12, day: 31).adding(days: 1) == CalendarDay(year: 2027, month: 1, day: 1))
        #expect(CalendarDay(year: 2028, month: 3, day: 1).adding(days: -1) == CalendarDay(year: 2028, month: 2, day: 29))
    }
}
