import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotDialer
import MiniBotServer
import MiniBotStorage
import Testing

@Suite("API: calls", .timeLimit(.minutes(2)))
struct CallsAPITests {
    @Test("POST /calls/launch validates the number and scenario, then asks the control")
    func launchCall() async throws {
        try await APITestHarness.run { harness, client in
            let ok = try await client.send(.post, "/calls/launch",
                                           json: #"{"phone_number":"06 12 34 56 78","scenario":"finance_agent","variables":{"first_name":"Zoé"}}"#)
            #expect(ok.status == .accepted)
            #expect(ok.json["call_uuid"] as? String == "test-call-1")
            #expect(ok.json["phone_number"] as? String == "+33612345678")
            let calls = await harness.control.calls
            #expect(calls.count == 1)
            #expect(calls.first?.phone == "+33612345678")
            #expect(calls.first?.variables == ["first_name": "Zoé"])

            let badPhone = try await client.send(.post, "/calls/launch", json: #"{"phone_number":"12","scenario":"finance_agent"}"#)
            #expect(badPhone.status == .badRequest)
            #expect(badPhone.errorField == "phone_number")
            let badScenario = try await client.send(.post, "/calls/launch", json: #"{"phone_number":"0612345678","scenario":"nope"}"#)
            #expect(badScenario.status == .badRequest)
            #expect(badScenario.errorField == "scenario")
            let escape = try await client.send(.post, "/calls/launch",
                                               json: #"{"phone_number":"0612345678","scenario":"../scenarios/finance_agent"}"#)
            #expect(escape.status == .badRequest)
            #expect(await harness.control.calls.count == 1)
        }
    }

    @Test("GET /calls pages with page/page_size or limit/offset")
    func pagination() async throws {
        try await APITestHarness.run { harness, client in
            let (_, records) = try await harness.seedCalls([.lead, .busy, .noAnswer, .lead, .notInterested])
            let page = try await client.get("/calls?page=2&page_size=2")
            #expect(page.status == .ok)
            #expect(page.json["total"] as? Int == 5)
            #expect(page.json["page"] as? Int == 2)
            #expect(page.json["page_size"] as? Int == 2)
            let items = page.json["items"] as? [[String: Any]] ?? []
            #expect(items.compactMap { $0["id"] as? Int } == [records[2].callID, records[3].callID].map(Int.init))
            #expect(items.first?["result"] as? String == "no_answer")

            let last = try await client.get("/calls?page=3&page_size=2")
            #expect((last.json["items"] as? [Any])?.count == 1)
            let offset = try await client.get("/calls?limit=3&offset=3")
            #expect((offset.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [records[3].callID, records[4].callID].map(Int.init))

            let newest = try await client.get("/calls?page=1&page_size=2&order=desc")
            #expect((newest.json["items"] as? [[String: Any]])?.compactMap { $0["id"] as? Int }
                == [records[4].callID, records[3].callID].map(Int.init))
            let badOrder = try await client.get("/calls?order=sideways")
            #expect(badOrder.status == .badRequest)
            #expect(badOrder.errorField == "order")

            let tooBig = try await client.get("/calls?page_size=500")
            #expect(tooBig.status == .badRequest)
            #expect(tooBig.errorField == "page_size")
            let zeroPage = try await client.get("/calls?page=0")
            #expect(zeroPage.errorField == "page")
            let both = try await client.get("/calls?page=1&limit=2")
            #expect(both.status == .badRequest)
        }
    }

    @Test("GET /calls filters by campaign, status, result and dates")
    func filters() async throws {
        try await APITestHarness.run { harness, client in
            let start = Date(timeIntervalSince1970: 1_780_000_000)
            let (first, _) = try await harness.seedCalls([.lead, .busy, nil], start: start, name: "A")
            let (second, _) = try await harness.seedCalls([.lead], start: start.addingTimeInterval(7_200), name: "B", firstPhone: 100)
            func total(_ query: String) async throws -> Int? { try await client.get("/calls?\(query)").json["total"] as? Int }
            #expect(try await total("campaign_id=\(first.id)") == 3)
            #expect(try await total("campaign_id=\(second.id)") == 1)
            #expect(try await total("result=lead") == 2)
            #expect(try await total("result=lead&campaign_id=\(first.id)") == 1)
            #expect(try await total("status=IN_PROGRESS") == 1)
            #expect(try await total("status=completed") == 3)
            #expect(try await total("from=\(iso(start.addingTimeInterval(3_600)))") == 1)
            #expect(try await total("to=\(iso(start.addingTimeInterval(90)))") == 2)
            #expect(try await total("phone=0610000001") == 1)
            let bad = try await client.get("/calls?result=maybe")
            #expect(bad.status == .badRequest)
            #expect(bad.errorField == "result")
            #expect(try await client.get("/calls?from=yesterday").errorField == "from")
            #expect(try await client.get("/calls?campaign_id=x").errorField == "campaign_id")
        }
    }

    @Test("GET /calls/{id} by id or UUID includes the transcript turns")
    func callDetail() async throws {
        try await APITestHarness.run { harness, client in
            let (_, records) = try await harness.seedCalls([.lead])
            let call = records[0]
            try await harness.db.callTurns.append([
                Turn(speaker: .bot, text: "Bonjour", startMs: 0, endMs: 900),
                Turn(speaker: .caller, text: "oui", intent: "affirm", confidence: 0.9, startMs: 1_000, endMs: 1_400),
            ], callID: call.callID, firstIndex: 0)
            for reference in ["\(call.callID)", call.callUUID.description] {
                let response = try await client.get("/calls/\(reference)")
                #expect(response.status == .ok)
                #expect(response.json["call_uuid"] as? String == call.callUUID.description)
                #expect(response.json["result"] as? String == "lead")
                #expect(response.json["started_at"] as? String == iso(call.startedAt!))
                let turns = response.json["turns"] as? [[String: Any]] ?? []
                #expect(turns.map { $0["text"] as? String } == ["Bonjour", "oui"])
                #expect(turns.last?["intent"] as? String == "affirm")
            }
            #expect(try await client.get("/calls/not-a-call").status == .notFound)
        }
    }

    static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }
    func iso(_ date: Date) -> String { Self.iso(date) }
}
