import Foundation
import Testing
import MiniBotLanguage

@Suite struct SlotExtractorTests {
    let slots = SlotExtractor()

    @Test(arguments: [
        "zéro six douze trente-quatre cinquante-six soixante-dix-huit",
        "06 12 34 56 78",
        "06.12.34.56.78",
        "0612345678",
        "+33 6 12 34 56 78",
        "0033 6 12 34 56 78",
        "plus trente-trois six douze trente-quatre cinquante-six soixante-dix-huit",
        "oui mon numéro c'est le 06-12-34-56-78 voilà",
        "zero six un deux trois quatre cinq six sept huit",
    ])
    func phoneNumbersInAnyForm(text: String) {
        #expect(slots.phoneNumber(in: text) == "0612345678", "\(text)")
    }

    @Test func otherDigitGroupsAreNotPhoneNumbers() {
        #expect(slots.phoneNumber(in: "rappelez moi à 14 h 30") == nil)
        #expect(slots.phoneNumber(in: "j'ai 45 ans et 3 enfants") == nil)
        #expect(slots.phoneNumber(in: "zéro un quarante-deux dix-huit vingt-deux quatre-vingt-dix") == "0142182290")
        #expect(slots.phoneNumber(in: "00 12 34 56 78") == nil)
    }

    var paris: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        return calendar
    }

    /// Tuesday 2026-03-10 11:20 in Paris.
    var reference: Date {
        paris.date(from: DateComponents(year: 2026, month: 3, day: 10, hour: 11, minute: 20))!
    }

    func parts(_ date: Date?) -> [Int] {
        guard let date else { return [] }
        let c = paris.dateComponents([.month, .day, .hour, .minute], from: date)
        return [c.month!, c.day!, c.hour!, c.minute!]
    }

    @Test func tomorrowAtTwoPM() throws {
        let time = try #require(slots.callbackTime(in: "rappelez-moi demain à 14 h"))
        #expect(time.dayOffset == 1 && time.hour == 14 && time.minute == nil)
        #expect(time.matchedText == "demain a 14 h")
        #expect(parts(time.resolve(relativeTo: reference, calendar: paris)) == [3, 11, 14, 0])
    }

    @Test func weekdayWithSpokenTime() throws {
        let time = try #require(slots.callbackTime(in: "plutôt jeudi vers quinze heures trente"))
        #expect(time.weekday == 5 && time.hour == 15 && time.minute == 30)
        #expect(parts(time.resolve(relativeTo: reference, calendar: paris)) == [3, 12, 15, 30])
    }

    @Test func sameWeekdayMeansNextWeek() throws {
        let time = try #require(slots.callbackTime(in: "rappelez mardi"))
        #expect(parts(time.resolve(relativeTo: reference, calendar: paris)) == [3, 17, 10, 0])
    }

    @Test func inOneHour() throws {
        let time = try #require(slots.callbackTime(in: "dans une heure"))
        #expect(time.offsetMinutes == 60)
        #expect(time.resolve(relativeTo: reference, calendar: paris) == reference.addingTimeInterval(3600))
        #expect(slots.callbackTime(in: "dans une demi-heure")?.offsetMinutes == 30)
        #expect(slots.callbackTime(in: "rappelez dans dix minutes")?.offsetMinutes == 10)
    }

    @Test func nextWeekIsNextMondayMorning() throws {
        let time = try #require(slots.callbackTime(in: "la semaine prochaine"))
        #expect(time.weekOffset == 1)
        #expect(parts(time.resolve(relativeTo: reference, calendar: paris)) == [3, 16, 10, 0])
        let thursday = try #require(slots.callbackTime(in: "jeudi de la semaine prochaine"))
        #expect(parts(thursday.resolve(relativeTo: reference, calendar: paris)) == [3, 19, 10, 0])
    }

    @Test func periodsHalfHoursAndPastTimes() throws {
        #expect(slots.callbackTime(in: "ce soir")?.period == .evening)
        #expect(parts(slots.callbackTime(in: "ce soir")?.resolve(relativeTo: reference, calendar: paris)) == [3, 10, 18, 0])
        let afternoon = try #require(slots.callbackTime(in: "vers trois heures de l'après-midi"))
        #expect(afternoon.hour == 15)
        #expect(slots.callbackTime(in: "à dix heures et demie")?.minute == 30)
        #expect(slots.callbackTime(in: "vers midi et demi")?.hour == 12)
        // 9 h is already past at 11:20 and no day was said: tomorrow.
        #expect(parts(slots.callbackTime(in: "à 9 h du matin")?.resolve(relativeTo: reference, calendar: paris)) == [3, 11, 9, 0])
        #expect(slots.callbackTime(in: "après-demain")?.dayOffset == 2)
    }

    @Test func noTimeNoSlot() {
        #expect(slots.callbackTime(in: "non merci") == nil)
        #expect(slots.callbackTime(in: "c'est trop cher") == nil)
    }

    @Test(arguments: [
        ("je m'appelle Pierre Dupont", nil as String?, "Pierre Dupont"),
        ("je m appelle jean-pierre martin et mon numéro c'est le 06", nil, "Jean-Pierre Martin"),
        ("oui c'est monsieur Dupont", "Monsieur", "Dupont"),
        ("c'est madame Lefèvre à l'appareil", "Madame", "Lefèvre"),
        ("mon nom c'est Bernard", nil, "Bernard"),
        ("euh moi c'est Julie", nil, "Julie"),
    ])
    func namesAfterTriggers(text: String, title: String?, name: String) throws {
        let found = try #require(slots.name(in: text), "\(text)")
        #expect(found.title == title && found.name == name, "\(found)")
    }

    @Test func noNameWithoutATrigger() {
        #expect(slots.name(in: "c'est trop cher") == nil)
        #expect(slots.name(in: "oui d'accord") == nil)
        #expect(slots.name(in: "Pierre Dupont, 06 12 34 56 78")?.name == nil)
        #expect(slots.name(in: "Pierre Dupont, 06 12 34 56 78", assumeNameFirst: true)?.name == "Pierre Dupont")
    }

    @Test func extractFindsEverythingAtOnce() {
        let found = slots.extract("je m'appelle Paul Durand rappelez-moi demain au 06 12 34 56 78")
        #expect(found.name?.name == "Paul Durand")
        #expect(found.phoneNumber == "0612345678")
        #expect(found.callbackTime?.dayOffset == 1)
    }
}
