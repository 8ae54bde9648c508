/// French public holidays (jours fériés, Code du travail art. L3133-1), which Décret
/// 2022-1313 forbids for sales calls, with Easter computed rather than tabulated so the
/// calendar never runs out.
///
/// ```swift
/// FrenchHolidays.easterSunday(year: 2027)                            // 2027-03-28
/// FrenchHolidays.holiday(on: CalendarDay(year: 2027, month: 3, day: 29))  // .easterMonday
/// ```
public enum FrenchHoliday: String, Sendable, Codable, CaseIterable {
    case newYear = "new_year"
    case goodFriday = "good_friday"          // Alsace-Moselle only
    case easterMonday = "easter_monday"
    case labourDay = "labour_day"
    case victoryDay = "victory_day"
    case ascension
    case whitMonday = "whit_monday"
    case bastilleDay = "bastille_day"
    case assumption
    case allSaints = "all_saints"
    case armistice
    case christmas
    case saintStephen = "saint_stephen"      // Alsace-Moselle only

    /// The name operators read in reasons ("lundi de Pâques").
    public var frenchName: String {
        switch self {
        case .newYear: "jour de l'An"
        case .goodFriday: "Vendredi saint"
        case .easterMonday: "lundi de Pâques"
        case .labourDay: "fête du Travail"
        case .victoryDay: "Victoire 1945"
        case .ascension: "Ascension"
        case .whitMonday: "lundi de Pentecôte"
        case .bastilleDay: "fête nationale"
        case .assumption: "Assomption"
        case .allSaints: "Toussaint"
        case .armistice: "Armistice 1918"
        case .christmas: "Noël"
        case .saintStephen: "Saint-Étienne"
        }
    }
}

public enum FrenchHolidays {
    /// Gregorian Easter Sunday by the Meeus/Jones/Butcher algorithm (valid for every Gregorian year).
    public static func easterSunday(year: Int) -> CalendarDay {
        let a = year % 19
        let b = year / 100, c = year % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDay(year: year, month: month, day: day)
    }

    /// The year's holidays in date order; `alsaceMoselle` adds Good Friday and 26 December.
    public static func holidays(in year: Int, alsaceMoselle: Bool = false) -> [(day: CalendarDay, holiday: FrenchHoliday)] {
        let easter = easterSunday(year: year)
        var list: [(day: CalendarDay, holiday: FrenchHoliday)] = [
            (CalendarDay(year: year, month: 1, day: 1), .newYear),
            (easter.adding(days: 1), .easterMonday),
            (CalendarDay(year: year, month: 5, day: 1), .labourDay),
            (CalendarDay(year: year, month: 5, day: 8), .victoryDay),
            (easter.adding(days: 39), .ascension),
            (easter.adding(days: 50), .whitMonday),
            (CalendarDay(year: year, month: 7, day: 14), .bastilleDay),
            (CalendarDay(year: year, month: 8, day: 15), .assumption),
            (CalendarDay(year: year, month: 11, day: 1), .allSaints),
            (CalendarDay(year: year, month: 11, day: 11), .armistice),
            (CalendarDay(year: year, month: 12, day: 25), .christmas),
        ]
        if alsaceMoselle {
            list.append((easter.adding(days: -2), .goodFriday))
            list.append((CalendarDay(year: year, month: 12, day: 26), .saintStephen))
        }
        return list.sorted { $0.day < $1.day }
    }

    /// The holiday falling on `day`, if any.
    public static func holiday(on day: CalendarDay, alsaceMoselle: Bool = false) -> FrenchHoliday? {
        switch (day.month, day.day) {
        case (1, 1): return .newYear
        case (5, 1): return .labourDay
        case (5, 8): return .victoryDay
        case (7, 14): return .bastilleDay
        case (8, 15): return .assumption
        case (11, 1): return .allSaints
        case (11, 11): return .armistice
        case (12, 25): return .christmas
        case (12, 26): return alsaceMoselle ? .saintStephen : nil
        case (3, _), (4, _), (5, _), (6, _):
            let offset = day.daysSinceEpoch - easterSunday(year: day.year).daysSinceEpoch
            switch offset {
            case -2: return alsaceMoselle ? .goodFriday : nil
            case 1: return .easterMonday
            case 39: return .ascension
            case 50: return .whitMonday
            default: return nil
            }
        default: return nil
        }
    }
}
