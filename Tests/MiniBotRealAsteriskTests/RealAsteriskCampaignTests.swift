import Foundation
import Logging
import MiniBotDialer
import MiniBotDispatch
import MiniBotOutbound
import MiniBotSpeech
import MiniBotStorage
import Synchronization
import Testing

/// A whole campaign through the real dispatcher on SQLite and the documented AMD route, one
/// number per callee class; the CSV export must show each number's true outcome.
@Suite("RealAsterisk campaign export", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(5)))
struct RealAsteriskCampaignTests {
    let asterisk = RealAsterisk.instance

    @Test func exportShowsEachNumbersTrueOutcome() async throws {
        let expected: [(RealAsterisk.Callee, CallResult?, AMDVerdict?)] = [
            (.person, nil, .human), (.busy, .busy, nil), (.congestion, .failed, nil), (.unallocated, .invalidNumber, nil),
            (.noAnswer, .noAnswer, nil), (.voicemail, .answeringMachine, .machine),
            // A line that sends no frame at all: AMD() can count no silence and says NOTSURE (TOOLONG);
            // the bot's silence timeouts (wall clock) then end the call as no answer.
            (.silent, .noAnswer, .notSure),
        ]
        let numbers = expected.map { RealAsterisk.number($0.0) }
        let folder = try TemporaryFolder()
        let database = try await Database.open(url: .sqliteFile(folder.path + "/campaign.sqlite"), logger: testLogger)
        let records: [CallRecord]
        do {
            records = try await run(numbers: numbers, database: database)
            try await database.close()
        } catch {
            try? await database.close()
            throw error
        }
        let csv = String(decoding: CampaignExport.csv(records, timeZone: TimeZone(identifier: "Europe/Paris")!, separator: ";")
            .dropFirst(3), as: UTF8.self)
        let rows = csv.split(separator: "\r\n").dropFirst().map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) }
        let phone = CampaignExport.columns.firstIndex(of: "phone")!, result = CampaignExport.columns.firstIndex(of: "result")!
        let amd = CampaignExport.columns.firstIndex(of: "amd_result")!
        let duration = CampaignExport.columns.firstIndex(of: "duration_seconds")!
        #expect(rows.count == numbers.count, "\(csv)")
        for ((callee, outcome, verdict), number) in zip(expected, numbers) {
            let row = try #require(rows.first { $0[phone].contains(RealAsterisk.e164(number).dropFirst()) }, "no row for \(number)")
            if let outcome {
                #expect(row[result] == outcome.rawValue, "\(callee) \(number): \(row)")
            } else {
                // The dialogue's result (the simulated recognizer hears no words, so often no_answer).
                #expect(!["failed", "busy", "invalid_number", "answering_machine", ""].contains(row[result]),
                        "\(callee) \(number): \(row)")
            }
            if let verdict { #expect(row[amd] == verdict.seedName, "\(callee) \(number): \(row)") }
            if callee == .person || callee == .silent {
                // Answered and talked to for the scenario's length, not a PBX failure of 0 s.
                #expect((Double(row[duration]) ?? 0) > 8, "\(callee) \(number): \(row)")
            }
        }
    }

    private func run(numbers: [String], database: Database) async throws -> [CallRecord] {
        var components = DateComponents(year: 2026, month: 11, day: 24, hour: 10, minute: 0)
        components.timeZone = TimeZone(identifier: "Europe/Paris")
        let virtualStart = Calendar(identifier: .gregorian).date(from: components)!
        let wallStart = Date()
        // Inside the legal calling window whatever the hour CI runs at; time passes for real.
        let now: @Sendable () -> Date = { virtualStart.addingTimeInterval(Date().timeIntervalSince(wallStart)) }
        let phones = try numbers.map { try PhoneNumber(parsing: $0) }
        _ = try await database.contacts.save(phones.map { Contact(phone: $0, firstName: "Jean", legalBasis: .contract) })
        var campaign = Campaign(id: 0, name: "real asterisk", scenario: "asterisk_probe", status: .running,
                                settings: CampaignSettings(maxConcurrentCalls: numbers.count, delayBetweenCalls: 0),
                                retry: RetryPolicy(maxRetries: 0, noAnswerDelay: 1_800, busyDelay: 300, retryAnsweringMachine: false))
        campaign = try await database.campaigns.create(campaign)
        _ = try await database.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: now())
        let configuration = try PBXConfiguration(environment: asterisk.environment(amdContext: "minibot-amd", ringTimeout: 5))
        var options = PBXLine.Options(recognizer: SimulatedRecognizer(script: SimulatedScript()))
        options.logger = testLogger
        let campaignID = campaign.id
        _ = try await PBXLine.withLine(configuration: configuration, scenario: try ProbeScenario.load(), options: options, now: now) { placer in
            let environment = DispatchEnvironment(
                contacts: database.contacts, campaigns: database.campaigns, calls: database.calls, optOuts: database.optOuts,
                complianceLog: database.complianceLog, placer: placer, now: now,
                sleep: { try await Task.sleep(for: min($0, .milliseconds(200))) }, logger: testLogger)
            return try await CampaignDispatcher(campaignID: campaignID, worker: "real-asterisk", environment: environment).run()
        }
        return try await database.calls.calls(campaignID: campaign.id)
    }
}
