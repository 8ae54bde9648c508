import Foundation
import MiniBotDialer
import MiniBotDispatch
import MiniBotStorage
import Testing

@Suite(.timeLimit(.minutes(1)))
struct CampaignDispatcherTests {
    static let results: [Character: CallResult] = [
        "0": .lead, "1": .lead, "2": .notInterested, "3": .notInterested, "4": .busy,
        "5": .noAnswer, "6": .optOut, "7": .callback, "8": .answeringMachine, "9": .lead,
    ]

    @Test(arguments: ["sqlite", "postgres"])
    func everyContactGetsOneFinalOutcomeWithRetriesPerPolicy(engine: String) async throws {
        guard let url = try DispatchFixture.url(engine) else { return }
        let database = try await Database.open(url: url, logger: DispatchFixture.logger)
        defer { Task { try? await database.close() } }
        let clock = VirtualClock(DispatchFixture.start)
        let phones = DispatchFixture.phones(count: 40, block: Int.random(in: 0..<9_000))
        _ = try await database.contacts.save(phones.map { Contact(phone: $0, firstName: "C", legalBasis: .contract) })
        var campaign = Campaign(id: 0, name: "Dispatch test", scenario: "finance_agent", status: .running,
                                settings: CampaignSettings(maxConcurrentCalls: 5, delayBetweenCalls: 0),
                                retry: RetryPolicy(maxRetries: 1, noAnswerDelay: 1_800, busyDelay: 300, retryAnsweringMachine: false))
        campaign = try await database.campaigns.create(campaign)
        #expect(try await database.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: clock.now()) == 40)

        let placer = ScriptedPlacer(results: Self.results, clock: clock)
        let dispatcher = CampaignDispatcher(campaignID: campaign.id, worker: "test-\(engine)",
                                            environment: DispatchFixture.environment(database, placer: placer, clock: clock))
        let summary = try await dispatcher.run()

        // Busy (digit 4) and no answer (5) are retried once; everyone else is dialled once.
        let expectedDials = phones.reduce(0) { $0 + ("45".contains($1.e164.last!) ? 2 : 1) }
        #expect(placer.dials.count == expectedDials)
        #expect(summary.placed == expectedDials)
        #expect(summary.finalStatus == .completed)
        let calls = try await database.calls.calls(campaignID: campaign.id)
        #expect(calls.count == expectedDials)
        #expect(calls.allSatisfy { $0.status == .completed || $0.status == .failed })
        let byPhone = Dictionary(grouping: calls, by: \.phone)
        #expect(byPhone.count == 40, "every contact was called")
        for (phone, chain) in byPhone {
            let last = try #require(chain.max { ($0.startedAt ?? .distantPast) < ($1.startedAt ?? .distantPast) })
            #expect(last.result == Self.results[phone.last!], "\(phone) ended with \(String(describing: last.result))")
        }
        // The retry waited for the policy's delay (virtual time).
        let busy = try #require(byPhone.first { $0.key.hasSuffix("4") }?.value.sorted { $0.startedAt! < $1.startedAt! })
        #expect(busy.count == 2)
        #expect(busy[1].startedAt!.timeIntervalSince(busy[0].endedAt!) >= 300 - 1)
        // Opt-outs take effect on the do-not-call list immediately.
        for phone in phones where phone.e164.hasSuffix("6") {
            #expect(try await database.optOuts.isOptedOut(phone))
        }
        let stats = try await database.campaigns.stats(campaignID: campaign.id, now: clock.now())
        #expect(stats.pending == 0)
        #expect(stats.count(.lead) == 12)
    }

    @Test(arguments: ["sqlite", "postgres"])
    func contactsRefusedByComplianceAreNeverDialledAndJournaled(engine: String) async throws {
        guard let url = try DispatchFixture.url(engine) else { return }
        let database = try await Database.open(url: url, logger: DispatchFixture.logger)
        defer { Task { try? await database.close() } }
        let clock = VirtualClock(DispatchFixture.start)
        let phones = DispatchFixture.phones(count: 4, block: Int.random(in: 0..<9_000))
        // Two without any legal basis (refused since 2026-08-11), one on the do-not-call list, one fine.
        _ = try await database.contacts.save([
            Contact(phone: phones[0]), Contact(phone: phones[1]),
            Contact(phone: phones[2], legalBasis: .contract), Contact(phone: phones[3], legalBasis: .contract),
        ])
        try await database.optOuts.addOptOut(phones[2], at: clock.now(), source: "test")
        let campaign = try await database.campaigns.create(Campaign(id: 0, name: "Compliance", scenario: "x", status: .running))
        _ = try await database.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: clock.now())
        let placer = ScriptedPlacer(results: [:], clock: clock)
        let dispatcher = CampaignDispatcher(campaignID: campaign.id, worker: "w",
                                            environment: DispatchFixture.environment(database, placer: placer, clock: clock))
        let summary = try await dispatcher.run()
        #expect(placer.dials == [phones[3].e164])
        #expect(summary.refused == 3)
        let journal = try await database.complianceLog.entries(campaignID: campaign.id, limit: 100, offset: 0)
        #expect(journal.filter { $0.rule == .noLegalBasis }.count == 2)
        #expect(journal.filter { $0.rule == .doNotCall }.count == 1)
        #expect(journal.filter(\.allowed).count == 1)
    }

    @Test func twoWorkersOnOnePostgresNeverDialTheSameContact() async throws {
        guard let url = try DispatchFixture.url("postgres") else { return }
        let first = try await Database.open(url: url, logger: DispatchFixture.logger)
        let second = try await Database.open(url: url, logger: DispatchFixture.logger)
        defer { Task { try? await first.close(); try? await second.close() } }
        let clock = VirtualClock(DispatchFixture.start)
        let phones = DispatchFixture.phones(count: 300, block: Int.random(in: 0..<9_000))
        _ = try await first.contacts.save(phones.map { Contact(phone: $0, legalBasis: .contract) })
        let campaign = try await first.campaigns.create(Campaign(
            id: 0, name: "Two workers", scenario: "x", status: .running,
            settings: CampaignSettings(maxConcurrentCalls: 10, delayBetweenCalls: 0)))
        _ = try await first.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: clock.now())
        let placerA = ScriptedPlacer(results: [:], clock: clock)
        let placerB = ScriptedPlacer(results: [:], clock: clock)
        let a = CampaignDispatcher(campaignID: campaign.id, worker: "A", environment: DispatchFixture.environment(first, placer: placerA, clock: clock))
        let b = CampaignDispatcher(campaignID: campaign.id, worker: "B", environment: DispatchFixture.environment(second, placer: placerB, clock: clock))
        async let runA = a.run()
        async let runB = b.run()
        _ = try await (runA, runB)
        let all = placerA.dials + placerB.dials
        #expect(all.count == 300)
        #expect(Set(all).count == 300, "a contact was dialled twice")
        #expect(Set(placerA.dials).isDisjoint(with: placerB.dials))
        #expect(!placerA.dials.isEmpty && !placerB.dials.isEmpty, "both workers should have dialled")
    }
}
