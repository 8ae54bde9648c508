import Foundation
import Testing
@testable import MiniBotDialer

@Suite("CampaignPlan JSON")
struct CampaignPlanTests {
    @Test("Entries carry exactly phone, callable, rule, next_allowed (null when callable), with the Paris offset")
    func json() throws {
        let listed = ContactHistory(onOppositionList: true)
        let entries = CampaignPlan.make(contacts: [
            (consentingContact("0612345678"), .none),
            (consentingContact("0612345679"), listed),
            (Contact(phone: phone("0612345670")), .none),
        ], policy: .france, now: at("2026-11-21T11:00:00+01:00"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(entries), as: UTF8.self)
        #expect(json == """
            [{"callable":false,"next_allowed":"2026-11-23T10:00:00+01:00","phone":"+33612345678","rule":"calling_hours"},\
            {"callable":false,"next_allowed":null,"phone":"+33612345679","rule":"opposition_list"},\
            {"callable":false,"next_allowed":null,"phone":"+33612345670","rule":"no_legal_basis"}]
            """)
        let open = CampaignPlan.make(contacts: [(consentingContact(), .none)], policy: .france,
                                     now: at("2026-11-23T10:00:00+01:00"))
        #expect(String(decoding: try encoder.encode(open), as: UTF8.self)
            == #"[{"callable":true,"next_allowed":null,"phone":"+33612345678","rule":null}]"#)
    }

    @Test("Summer instants print +02:00")
    func summerOffset() {
        let entries = CampaignPlan.make(contacts: [(consentingContact(), .none)], policy: .france,
                                        now: at("2027-07-14T11:00:00+02:00"))
        #expect(entries.first?.rule == "public_holiday")
        #expect(entries.first?.nextAllowed == "2027-07-15T10:00:00+02:00")
    }
}
