import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotDialer
import MiniBotServer
import MiniBotStorage
import Testing

/// What the dashboard's campaign page needs (issue 16) and seed 002's remaining routes.
@Suite("API: campaign page, contact_ids, assembled audio", .timeLimit(.minutes(2)))
struct CampaignPageAPITests {
    @Test("POST /campaigns with contact_ids queues stored contacts; an unknown id is refused by name")
    func createFromContactIDs() async throws {
        try await APITestHarness.run { harness, client in
            let phones = try ["06 11 11 11 11", "06 22 22 22 22", "06 33 33 33 33"].map { try PhoneNumber(parsing: $0) }
            _ = try await harness.db.contacts.save(phones.map { Contact(phone: $0, legalBasis: .contract) })
            let stored = try await harness.db.contacts.storedContacts(matching: ContactSelection(), afterID: 0, limit: 10)
            let ids = stored.filter { [phones[0].e164, phones[1].e164].contains($0.contact.phone.e164) }.map(\.id)
            #expect(ids.count == 2)
            let response = try await client.send(.post, "/campaigns", json: """
                {"name":"Existants","scenario":"finance_agent","contact_ids":[\(ids[0]),\(ids[1])],"phone_numbers":["0611111111"]}
                """)
            #expect(response.status == .created, "\(response.text)")
            let contacts = response.json["contacts"] as? [String: Any] ?? [:]
            #expect(contacts["imported"] as? Int == 2)
            #expect(contacts["duplicates"] as? Int == 1, "06 11… given twice (by id and by number) is queued once")
            #expect(response.json["queued"] as? Int == 2)
            let id = try #require((response.json["campaign"] as? [String: Any])?["id"] as? Int)
            #expect(try await harness.db.calls.queueCounts(campaignID: Int64(id))[.queued] == 2)

            let unknown = try await client.send(.post, "/campaigns",
                                                json: #"{"name":"X","scenario":"finance_agent","contact_ids":[\#(ids[0]),987654]}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.errorField == "contact_ids")
            #expect(unknown.text.contains("987654"))
            #expect(try await harness.db.campaigns.campaigns().count == 1, "a refused request creates no campaign")
        }
    }

    @Test("GET /campaigns/{id} shows queued retries, the next due time and refusals per rule; journal, CSV and graph")
    func campaignPageData() async throws {
        try await APITestHarness.run { harness, client in
            let start = Date().addingTimeInterval(-600)
            let campaign = try await harness.db.campaigns.create(Campaign(id: 0, name: "Relances", scenario: "finance_agent", status: .running))
            let phones = try ["06 44 44 44 44", "06 55 55 55 55"].map { try PhoneNumber(parsing: $0) }
            _ = try await harness.db.contacts.save(phones.map { Contact(phone: $0, legalBasis: .contract) })
            _ = try await harness.db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: start)
            let claimed = try await harness.db.calls.claimCandidates(campaignID: campaign.id, worker: "test", limit: 1,
                                                                     leaseUntil: start.addingTimeInterval(3_600), now: start)
            let candidate = try #require(claimed.first)
            var record = try await harness.db.calls.dial(queueID: candidate.queueID, call: CallRecord(
                callID: 0, callUUID: CallID(), campaignID: campaign.id, phone: candidate.contact.phone.e164,
                status: .inProgress, startedAt: start))
            record.result = .noAnswer
            record.status = .completed
            record.endedAt = start.addingTimeInterval(30)
            let due = Date().addingTimeInterval(1_800)
            try await harness.db.calls.finish(call: record, queueID: candidate.queueID, next: .retry(at: due))
            let refused = ComplianceDecision.refused(rule: .callingHours, reason: "outside calling hours", nextAllowed: due)
            try await harness.db.complianceLog.record([
                ComplianceLogEntry(at: start, campaignID: campaign.id, phone: phones[1].e164, decision: refused),
                ComplianceLogEntry(at: start.addingTimeInterval(5), campaignID: campaign.id, phone: phones[1].e164, decision: refused),
                ComplianceLogEntry(at: start, campaignID: campaign.id, phone: phones[0].e164, decision: .allowed),
            ])

            let detail = try await client.get("/campaigns/\(campaign.id)")
            #expect(detail.status == .ok)
            let queue = detail.json["queue"] as? [String: Any] ?? [:]
            #expect(queue["queued_retries"] as? Int == 1, "\(detail.text)")
            #expect(queue["waiting"] as? Int == 1)
            let next = try #require(queue["next_due_at"] as? String)
            #expect(abs((ISO8601DateFormatter().date(from: next) ?? .distantPast).timeIntervalSince(due)) < 2)
            #expect((detail.json["compliance_refusals"] as? [String: Any])?[ComplianceRule.callingHours.rawValue] as? Int == 1,
                    "two refusals of one contact count once")

            let journal = try await client.get("/campaigns/\(campaign.id)/compliance?limit=10")
            let items = journal.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 3)
            #expect(items.first?["rule"] as? String == ComplianceRule.callingHours.rawValue)
            #expect(items.last?["allowed"] as? Bool == true)

            try harness.write(#"{"engine":"simulated"}"#, to: "\(record.callUUID).json")
            let csv = try await client.get("/campaigns/\(campaign.id)/calls.csv")
            #expect(csv.text.split(separator: "\r\n").first?.hasSuffix(",recognizer") == true)
            #expect(csv.text.split(separator: "\r\n").dropFirst().first?.hasSuffix(",simulated") == true, "\(csv.text)")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains(record.callUUID.description) || csv.text.contains("+33644444444") || csv.text.contains("0644444444"), "\(csv.text)")
            let graph = try await client.get("/campaigns/\(campaign.id)/graph.mmd")
            #expect(graph.status == .ok)
            #expect(graph.text.hasPrefix("flowchart") || graph.text.hasPrefix("graph"), "\(graph.text.prefix(200))")
            #expect(try await client.get("/campaigns/999999/graph.mmd").status == .notFound)
        }
    }

    @Test("seed 002's /calls/assembled/full_call_assembled_{call}.wav serves the call's stereo recording")
    func assembledAudio() async throws {
        try await APITestHarness.run { harness, client in
            let (_, records) = try await harness.seedCalls([.lead])
            let call = records[0]
            try harness.write("RIFFstereo", to: "\(call.callUUID).wav")
            try harness.write(#"{"engine":"simulated","result":"lead"}"#, to: "\(call.callUUID).json")
            for reference in [String(call.callID), call.callUUID.description] {
                let wav = try await client.get("/calls/assembled/full_call_assembled_\(reference).wav")
                #expect(wav.status == .ok)
                #expect(wav.text == "RIFFstereo")
            }
            #expect(try await client.get("/calls/assembled/\(call.callUUID).wav").text == "RIFFstereo")
            #expect(try await client.get("/calls/assembled/full_call_assembled_999999.wav").status == .notFound)
            let detail = try await client.get("/calls/\(call.callID)")
            #expect(detail.json["recognizer"] as? String == "simulated", "the call says which recogniser heard it")
        }
    }
}
