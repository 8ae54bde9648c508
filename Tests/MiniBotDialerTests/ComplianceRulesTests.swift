import Foundation
import Testing
@testable import MiniBotDialer

@Suite("ComplianceRules (France)")
struct ComplianceRulesTests {
    let rules = ComplianceRules(policy: .france)

    func evaluate(_ contact: Contact, _ history: ContactHistory, _ now: String) -> ComplianceDecision {
        rules.evaluate(contact: contact, history: history, now: at(now))
    }

    func evaluate(_ now: String) -> ComplianceDecision { evaluate(consentingContact(), .none, now) }

    @Test("Inside the windows a contact with consent is allowed", arguments: [
        "2026-11-24T10:00:00+01:00", "2026-11-24T12:59:59+01:00", "2026-11-24T14:00:00+01:00",
        "2026-11-27T19:59:59+01:00", "2026-11-23T10:00:00+01:00",
    ])
    func allowed(now: String) {
        #expect(evaluate(now) == .allowed)
    }

    @Test("Outside calling hours: refused with the exact next opening", arguments: [
        // Saturday 11:00 → Monday 10:00.
        ("2026-11-21T11:00:00+01:00", "2026-11-23T10:00:00+01:00"),
        // Tuesday lunch break 13:30 → 14:00 the same day; 13:00 exactly is already closed (end exclusive).
        ("2026-11-24T13:30:00+01:00", "2026-11-24T14:00:00+01:00"),
        ("2026-11-24T13:00:00+01:00", "2026-11-24T14:00:00+01:00"),
        // Tuesday 20:05 and 20:00 exactly → Wednesday 10:00.
        ("2026-11-24T20:05:00+01:00", "2026-11-25T10:00:00+01:00"),
        ("2026-11-24T20:00:00+01:00", "2026-11-25T10:00:00+01:00"),
        // Early morning → 10:00 the same day; Sunday evening → Monday.
        ("2026-11-24T08:15:00+01:00", "2026-11-24T10:00:00+01:00"),
        ("2026-11-22T21:00:00+01:00", "2026-11-23T10:00:00+01:00"),
    ])
    func callingHours(now: String, next: String) {
        let decision = evaluate(now)
        #expect(decision.rule == .callingHours)
        #expect(decision.nextAllowed == at(next))
        #expect(decision.reason?.contains("Décret 2022-1313") == true)
    }

    @Test("Public holidays: Christmas 2026 (a Friday) and Easter Monday 2027")
    func holidays() {
        let christmas = evaluate("2026-12-25T11:00:00+01:00")
        #expect(christmas.rule == .publicHoliday)
        #expect(christmas.nextAllowed == at("2026-12-28T10:00:00+01:00"))
        #expect(christmas.reason?.contains("Noël") == true)

        let easterMonday = evaluate("2027-03-29T11:00:00+02:00")
        #expect(easterMonday.rule == .publicHoliday)
        #expect(easterMonday.nextAllowed == at("2027-03-30T10:00:00+02:00"))

        // Ascension Thursday 2027-05-06 → Friday 10:00; 1 May 2028 (Monday) → Tuesday; 8 May 2028 too.
        #expect(evaluate("2027-05-06T15:00:00+02:00").nextAllowed == at("2027-05-07T10:00:00+02:00"))
        #expect(evaluate("2028-05-01T15:00:00+02:00").nextAllowed == at("2028-05-02T10:00:00+02:00"))
        #expect(evaluate("2028-05-08T10:30:00+02:00").rule == .publicHoliday)
    }

    @Test("Holidays of 2026–2030 that fall on weekdays are all closed, the next day opening skips them")
    func holidayTable() throws {
        let calendar = rules.calendar
        for day in frenchHolidayTable.values.joined().compactMap(CalendarDay.init(iso:)) where day.isoWeekday <= 5 {
            let eleven = calendar.instant(day, minuteOfDay: 11 * 60)
            let decision = rules.evaluate(contact: consentingContact(), history: .none, now: eleven)
            #expect(decision.rule == .publicHoliday, "\(day)")
            let next = try #require(decision.nextAllowed)
            #expect(next > eleven)
            #expect(FrenchHolidays.holiday(on: calendar.localDay(of: next)) == nil)
        }
    }

    @Test("Frequency cap: a 5th call within 30 days is refused until the oldest call leaves the window")
    func frequencyCap() {
        let history = ContactHistory(attempts: [
            CallAttempt(at: at("2026-11-02T10:30:00+01:00"), result: .noAnswer),
            CallAttempt(at: at("2026-11-05T10:30:00+01:00"), result: .busy),
            CallAttempt(at: at("2026-11-10T10:30:00+01:00"), result: .noAnswer),
            CallAttempt(at: at("2026-11-17T10:30:00+01:00"), result: .answeringMachine),
        ])
        let decision = evaluate(consentingContact(), history, "2026-11-24T11:00:00+01:00")
        #expect(decision.rule == .frequencyCap)
        #expect(decision.nextAllowed == at("2026-12-02T10:30:00+01:00"))
        #expect(evaluate(consentingContact(), history, "2026-12-02T10:30:00+01:00") == .allowed)
        #expect(evaluate(consentingContact(), history, "2026-12-02T10:29:59+01:00").rule == .frequencyCap)
        // Three calls are fine.
        var three = history
        three.attempts.removeFirst()
        #expect(evaluate(consentingContact(), three, "2026-11-24T11:00:00+01:00") == .allowed)
    }

    @Test("Cap expiry landing outside a window moves to the next opening")
    func capThenWindow() {
        let history = ContactHistory(attempts: (0..<4).map { i in
            CallAttempt(at: at("2026-11-0\(2 + i)T19:30:00+01:00"), result: .noAnswer)
        })
        // Oldest call 2026-11-02 19:30 → frees 2026-12-02 19:30 (Wednesday, inside 14–20).
        #expect(evaluate(consentingContact(), history, "2026-11-24T11:00:00+01:00").nextAllowed
            == at("2026-12-02T19:30:00+01:00"))
        let late = ContactHistory(attempts: [
            CallAttempt(at: at("2026-10-30T19:59:00+01:00"), result: .noAnswer), // Friday → frees Sunday 29 Nov
            CallAttempt(at: at("2026-11-02T10:00:00+01:00"), result: .noAnswer),
            CallAttempt(at: at("2026-11-03T10:00:00+01:00"), result: .noAnswer),
            CallAttempt(at: at("2026-11-04T10:00:00+01:00"), result: .noAnswer),
        ])
        #expect(evaluate(consentingContact(), late, "2026-11-24T11:00:00+01:00").nextAllowed
            == at("2026-11-30T10:00:00+01:00"))
    }

    @Test("Refusal cooldown: 59 days after not_interested is refused, 61 days is allowed (across the DST change)")
    func refusalCooldown() {
        let history = ContactHistory(attempts: [CallAttempt(at: at("2026-09-25T15:00:00+02:00"), result: .notInterested)])
        let day59 = evaluate(consentingContact(), history, "2026-11-23T15:00:00+01:00")
        #expect(day59.rule == .refusalCooldown)
        #expect(day59.nextAllowed == at("2026-11-24T15:00:00+01:00"))
        #expect(evaluate(consentingContact(), history, "2026-11-25T15:00:00+01:00") == .allowed)
    }

    @Test("Opposition list (Bloctel) refuses with no next time, unless a contract is in force")
    func oppositionList() {
        let listed = ContactHistory(onOppositionList: true)
        let decision = evaluate(consentingContact(), listed, "2026-11-24T11:00:00+01:00")
        #expect(decision.rule == .oppositionList)
        #expect(decision.nextAllowed == nil)
        var customer = consentingContact()
        customer.legalBasis = .contract
        #expect(evaluate(customer, listed, "2026-11-24T11:00:00+01:00") == .allowed)
        var strict = CompliancePolicy.france
        strict.contractsExemptFromOppositionList = false
        #expect(ComplianceRules(policy: strict).evaluate(contact: customer, history: listed,
                                                         now: at("2026-11-24T11:00:00+01:00")).rule == .oppositionList)
    }

    @Test("Do-not-call: an opt-out flag or an opt_out call result refuses forever, before any other rule")
    func doNotCall() {
        let flagged = evaluate(consentingContact(), ContactHistory(optedOut: true, onOppositionList: true),
                               "2026-11-21T11:00:00+01:00")
        #expect(flagged.rule == .doNotCall)
        #expect(flagged.nextAllowed == nil)
        let saidIt = ContactHistory(attempts: [CallAttempt(at: at("2026-11-20T11:00:00+01:00"), result: .optOut)])
        #expect(evaluate(consentingContact(), saidIt, "2026-11-24T11:00:00+01:00").rule == .doNotCall)
    }

    @Test("No legal basis: refused from 11 August 2026, allowed the day before")
    func legalBasis() {
        let bare = Contact(phone: phone("0612345678"))
        let after = evaluate(bare, .none, "2026-11-24T11:00:00+01:00")
        #expect(after.rule == .noLegalBasis)
        #expect(after.nextAllowed == nil)
        #expect(evaluate(bare, .none, "2026-08-11T10:00:00+02:00").rule == .noLegalBasis)
        #expect(evaluate(bare, .none, "2026-08-10T19:59:00+02:00") == .allowed)
        let undated = Contact(phone: phone("0612345678"), legalBasis: LegalBasis(kind: .consent, consentSource: "?"))
        #expect(evaluate(undated, .none, "2026-11-24T11:00:00+01:00").rule == .noLegalBasis)
        let customer = Contact(phone: phone("0612345678"), legalBasis: .contract)
        #expect(evaluate(customer, .none, "2026-11-24T11:00:00+01:00") == .allowed)
    }

    @Test("Energy-renovation campaigns only call contacts under contract (Loi 2020-901)")
    func energyRenovation() {
        var policy = CompliancePolicy.france
        policy.sector = .energyRenovation
        let energy = ComplianceRules(policy: policy)
        let now = at("2026-11-24T11:00:00+01:00")
        let refused = energy.evaluate(contact: consentingContact(), history: .none, now: now)
        #expect(refused.rule == .energyRenovationBan)
        #expect(refused.nextAllowed == nil)
        #expect(energy.evaluate(contact: Contact(phone: phone("0612345678"), legalBasis: .contract),
                                history: .none, now: now) == .allowed)
    }

    @Test("DST: windows follow Paris wall-clock time on both sides of each transition")
    func daylightSaving() {
        // Friday evening before the autumn change (25 Oct 2026) → Monday 10:00 CET.
        #expect(evaluate("2026-10-23T20:30:00+02:00").nextAllowed == at("2026-10-26T10:00:00+01:00"))
        // Friday evening before the spring change (28 Mar 2027); Monday 29 is Easter Monday → Tuesday 10:00 CEST.
        #expect(evaluate("2027-03-26T21:00:00+01:00").nextAllowed == at("2027-03-30T10:00:00+02:00"))
        // 09:59 CEST is closed, 10:00 CEST open, the day after the change.
        #expect(evaluate("2026-03-30T09:59:00+02:00").nextAllowed == at("2026-03-30T10:00:00+02:00"))
        #expect(evaluate("2026-03-30T10:00:00+02:00") == .allowed)
        // In UTC, the window is 09:00Z in winter and 08:00Z in summer.
        #expect(evaluate("2026-10-26T09:00:00Z") == .allowed)
        #expect(evaluate("2026-10-26T08:30:00Z").rule == .callingHours)
        #expect(evaluate("2026-10-23T08:30:00Z") == .allowed)
    }

    @Test("Custom policy: Saturday morning window, holidays off, no cap")
    func customPolicy() throws {
        var policy = CompliancePolicy.france
        policy.windows.saturday = [try TimeWindow("09:00", "12:00")]
        policy.skipPublicHolidays = false
        policy.maxCallsPerPeriod = nil
        let custom = ComplianceRules(policy: policy)
        let contact = consentingContact()
        #expect(custom.evaluate(contact: contact, history: .none, now: at("2026-11-21T11:00:00+01:00")) == .allowed)
        #expect(custom.evaluate(contact: contact, history: .none, now: at("2026-12-25T11:00:00+01:00")) == .allowed)
        let many = ContactHistory(attempts: (1...9).map { CallAttempt(at: at("2026-11-1\($0)T11:00:00+01:00"), result: .noAnswer) })
        #expect(custom.evaluate(contact: contact, history: many, now: at("2026-11-24T11:00:00+01:00")) == .allowed)
    }

    @Test("Policy JSON: missing keys take French defaults; bad windows are precise errors")
    func policyCodable() throws {
        let decoded = try JSONDecoder().decode(CompliancePolicy.self, from: Data(#"{"sector":"energy_renovation"}"#.utf8))
        var expected = CompliancePolicy.france
        expected.sector = .energyRenovation
        #expect(decoded == expected)
        let roundTrip = try JSONDecoder().decode(CompliancePolicy.self, from: JSONEncoder().encode(CompliancePolicy.france))
        #expect(roundTrip == .france)
        let json = String(decoding: try JSONEncoder().encode(WeeklyWindows.franceDecree2022.monday), as: UTF8.self)
        #expect(json == #"[{"end":"13:00","start":"10:00"},{"end":"20:00","start":"14:00"}]"#
            || json == #"[{"start":"10:00","end":"13:00"},{"start":"14:00","end":"20:00"}]"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(CompliancePolicy.self,
                                     from: Data(#"{"windows":{"monday":[{"start":"14:00","end":"10:00"}]}}"#.utf8))
        }
        #expect(throws: TimeWindowError.self) { try TimeWindow("25:00", "26:00") }
    }
}
