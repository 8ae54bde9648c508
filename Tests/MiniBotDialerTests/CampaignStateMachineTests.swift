import Foundation
import Testing
@testable import MiniBotDialer

@Suite("Campaign lifecycle")
struct CampaignStateMachineTests {
    static let legal: [(CampaignStatus, CampaignEvent, CampaignStatus)] = [
        (.pending, .start, .running), (.running, .pause, .paused), (.paused, .resume, .running),
        (.running, .complete, .completed), (.paused, .complete, .completed),
        (.pending, .cancel, .cancelled), (.running, .cancel, .cancelled), (.paused, .cancel, .cancelled),
    ]

    @Test("Every (state, event) pair: the 8 legal transitions succeed, the 17 others throw")
    func exhaustive() throws {
        var illegal = 0
        for status in CampaignStatus.allCases {
            for event in CampaignEvent.allCases {
                if let row = Self.legal.first(where: { $0.0 == status && $0.1 == event }) {
                    #expect(try status.applying(event) == row.2)
                } else {
                    illegal += 1
                    #expect(throws: CampaignTransitionError(from: status, event: event)) { try status.applying(event) }
                }
            }
        }
        #expect(illegal == 17)
        #expect(CampaignTransitionError(from: .completed, event: .resume).description
            == "cannot resume a campaign that is completed")
    }

    @Test("Campaign.apply stamps start and end times and leaves the state unchanged on error")
    func apply() throws {
        var campaign = Campaign(id: 1, name: "Test Novembre", scenario: "rdv_energie")
        let t0 = at("2026-11-24T10:00:00+01:00"), t1 = at("2026-11-24T12:00:00+01:00")
        try campaign.apply(.start, at: t0)
        try campaign.apply(.pause, at: t1)
        try campaign.apply(.resume, at: t1)
        try campaign.apply(.complete, at: t1)
        #expect(campaign.status == .completed && campaign.startedAt == t0 && campaign.endedAt == t1)
        #expect(throws: CampaignTransitionError.self) { try campaign.apply(.start, at: t1) }
        #expect(campaign.status == .completed && campaign.startedAt == t0)
    }

    @Test("Selection: all, by status, limit")
    func selection() {
        let statuses: [ContactStatus] = [.new, .noAnswer, .lead, .noAnswer, .new, .noAnswer]
        #expect(ContactSelection().apply(to: Array(0..<6)) { statuses[$0] } == [0, 1, 2, 3, 4, 5])
        #expect(ContactSelection(statuses: [.noAnswer]).apply(to: Array(0..<6)) { statuses[$0] } == [1, 3, 5])
        #expect(ContactSelection(statuses: [.noAnswer], limit: 2).apply(to: Array(0..<6)) { statuses[$0] } == [1, 3])
        #expect(ContactSelection(limit: 0).apply(to: Array(0..<6)) { statuses[$0] } == [])
        #expect(ContactStatus(lastResult: nil) == .new)
        #expect(ContactStatus(lastResult: .answeringMachine) == .answeringMachine)
    }
}
