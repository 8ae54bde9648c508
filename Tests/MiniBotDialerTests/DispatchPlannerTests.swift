import Foundation
import Testing
@testable import MiniBotDialer

@Suite("DispatchPlanner")
struct DispatchPlannerTests {
    let now = at("2026-11-24T11:00:00+01:00")

    func campaign(maxConcurrent: Int = 3, testMode: Bool = false, status: CampaignStatus = .running,
                  sector: CampaignSector = .general) -> Campaign {
        var policy = CompliancePolicy.france
        policy.sector = sector
        return Campaign(id: 7, name: "Test", scenario: "rdv", status: status,
                        settings: CampaignSettings(maxConcurrentCalls: maxConcurrent, delayBetweenCalls: 0, testMode: testMode),
                        compliance: policy)
    }

    func candidates(_ count: Int) -> [DialCandidate] {
        (0..<count).map { DialCandidate(queueID: Int64($0), contact: consentingContact("06123456\(10 + $0)")) }
    }

    @Test("Fills free slots only: 3 max, 1 active → 2 dialled, the rest deferred")
    func concurrency() {
        var pacer = CallPacer(callsPerMinute: nil)
        let plan = DispatchPlanner(campaign: campaign()).plan(activeCalls: 1, callsStarted: 10, candidates: candidates(5),
                                                              pacer: &pacer, now: now)
        #expect(plan.dial.map(\.queueID) == [0, 1])
        #expect(plan.deferred.map(\.queueID) == [2, 3, 4])
        #expect(plan.refused.isEmpty)
    }

    @Test("The worker's own budget caps it below the campaign's free slots", arguments: [(0, 0), (1, 1), (2, 2), (9, 3)])
    func workerSlots(slots: Int, dialled: Int) {
        var pacer = CallPacer(callsPerMinute: nil)
        let plan = DispatchPlanner(campaign: campaign(maxConcurrent: 5)).plan(
            activeCalls: 2, callsStarted: 10, candidates: candidates(6), pacer: &pacer, now: now, workerSlots: slots)
        #expect(plan.dial.count == dialled, "campaign has 3 free slots, the worker \(slots)")
        #expect(plan.deferred.count == 6 - dialled)
    }

    @Test("Compliance refusals are reported by rule and do not use slots")
    func refusals() {
        var list = candidates(4)
        list[0].history = ContactHistory(onOppositionList: true)
        list[1].contact.legalBasis = nil
        list[2].history = ContactHistory(optedOut: true)
        var pacer = CallPacer(callsPerMinute: nil)
        let plan = DispatchPlanner(campaign: campaign()).plan(activeCalls: 0, callsStarted: 0, candidates: list,
                                                              pacer: &pacer, now: now)
        #expect(plan.dial.map(\.queueID) == [3])
        #expect(plan.refused.map(\.decision.rule) == [.oppositionList, .noLegalBasis, .doNotCall])
        let entries = plan.complianceEntries(campaignID: 7, at: now)
        #expect(entries.count == 4)
        #expect(entries.filter(\.allowed).map(\.phone) == ["+33612345613"])
    }

    @Test("Outside hours everyone is refused with the same next opening")
    func closed() {
        var pacer = CallPacer(callsPerMinute: nil)
        let saturday = at("2026-11-21T11:00:00+01:00")
        let plan = DispatchPlanner(campaign: campaign()).plan(activeCalls: 0, callsStarted: 0, candidates: candidates(3),
                                                              pacer: &pacer, now: saturday)
        #expect(plan.dial.isEmpty)
        #expect(plan.refused.map(\.decision.nextAllowed) == Array(repeating: at("2026-11-23T10:00:00+01:00"), count: 3))
    }

    @Test("Retries not yet due are deferred and set the wake-up; priority orders the rest")
    func dueAndPriority() {
        var list = candidates(3)
        list[0].dueAt = now.addingTimeInterval(300)
        list[2].priority = 5
        var pacer = CallPacer(callsPerMinute: nil)
        let plan = DispatchPlanner(campaign: campaign()).plan(activeCalls: 0, callsStarted: 0, candidates: list,
                                                              pacer: &pacer, now: now)
        #expect(plan.dial.map(\.queueID) == [2, 1])
        #expect(plan.deferred.map(\.queueID) == [0])
        #expect(plan.nextWakeUp == now.addingTimeInterval(300))
    }

    @Test("Pacing: a 2 s gap lets one call start per tick and says when to come back")
    func pacing() {
        var pacer = CallPacer(callsPerMinute: nil, minimumGap: 2)
        let planner = DispatchPlanner(campaign: campaign())
        let first = planner.plan(activeCalls: 0, callsStarted: 0, candidates: candidates(3), pacer: &pacer, now: now)
        #expect(first.dial.count == 1)
        #expect(first.nextWakeUp == now.addingTimeInterval(2))
        let second = planner.plan(activeCalls: 1, callsStarted: 1, candidates: Array(candidates(3).dropFirst()),
                                  pacer: &pacer, now: now.addingTimeInterval(2))
        #expect(second.dial.map(\.queueID) == [1])
    }

    @Test("Test mode places exactly one call")
    func testMode() {
        var pacer = CallPacer(callsPerMinute: nil)
        let planner = DispatchPlanner(campaign: campaign(maxConcurrent: 10, testMode: true))
        #expect(planner.plan(activeCalls: 0, callsStarted: 0, candidates: candidates(5), pacer: &pacer, now: now).dial.count == 1)
        let after = planner.plan(activeCalls: 0, callsStarted: 1, candidates: candidates(5), pacer: &pacer, now: now)
        #expect(after.dial.isEmpty)
        #expect(after.idleReason == "test mode: the one test call was placed")
    }

    @Test("A paused campaign dials nothing", arguments: [CampaignStatus.pending, .paused, .completed, .cancelled])
    func notRunning(status: CampaignStatus) {
        var pacer = CallPacer(callsPerMinute: nil)
        let plan = DispatchPlanner(campaign: campaign(status: status)).plan(activeCalls: 0, callsStarted: 0,
                                                                            candidates: candidates(2), pacer: &pacer, now: now)
        #expect(plan.dial.isEmpty && plan.deferred.count == 2)
        #expect(plan.idleReason == "campaign is \(status.rawValue)")
    }

    @Test("Energy-renovation campaign dials only contacts under contract")
    func energy() {
        var list = candidates(2)
        list[1].contact.legalBasis = .contract
        var pacer = CallPacer(callsPerMinute: nil)
        let plan = DispatchPlanner(campaign: campaign(sector: .energyRenovation)).plan(
            activeCalls: 0, callsStarted: 0, candidates: list, pacer: &pacer, now: now)
        #expect(plan.dial.map(\.queueID) == [1])
        #expect(plan.refused.map(\.decision.rule) == [.energyRenovationBan])
    }
}
