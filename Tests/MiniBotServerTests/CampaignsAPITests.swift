import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotDialer
import MiniBotServer
import MiniBotStorage
import Testing

@Suite("API: campaigns", .timeLimit(.minutes(2)))
struct CampaignsAPITests {
    @Test("POST /campaigns/create with phone numbers reports the bad one and queues the rest")
    func createFromJSON() async throws {
        try await APITestHarness.run { harness, client in
            let response = try await client.send(.post, "/campaigns/create", json: """
                {"name":"Campagne Test","scenario":"finance_agent","phone_numbers":["0612345678","12","06 98 76 54 32","+33612345678"],
                 "settings":{"max_concurrent_calls":4,"test_mode":true}}
                """)
            #expect(response.status == .created)
            let campaign = response.json["campaign"] as? [String: Any] ?? [:]
            #expect(campaign["status"] as? String == "pending")
            #expect((campaign["settings"] as? [String: Any])?["max_concurrent_calls"] as? Int == 4)
            let contacts = response.json["contacts"] as? [String: Any] ?? [:]
            #expect(contacts["imported"] as? Int == 2)
            #expect(contacts["duplicates"] as? Int == 1)
            let invalid = contacts["invalid"] as? [[String: Any]] ?? []
            #expect(invalid.count == 1)
            #expect(invalid.first?["line"] as? Int == 2)
            #expect(invalid.first?["value"] as? String == "12")
            #expect(response.json["queued"] as? Int == 2)
            let id = try #require(campaign["id"] as? Int)
            let stored = try await harness.db.campaigns.campaign(id: Int64(id))
            #expect(stored?.settings.testMode == true)
            #expect(try await harness.db.calls.queueCounts(campaignID: Int64(id))[.queued] == 2)

            let noScenario = try await client.send(.post, "/campaigns", json: #"{"name":"X","scenario":"missing"}"#)
            #expect(noScenario.status == .badRequest)
            #expect(noScenario.errorField == "scenario")
            let badSetting = try await client.send(.post, "/campaigns",
                                                   json: #"{"name":"X","scenario":"finance_agent","settings":{"max_concurrent_calls":0}}"#)
            #expect(badSetting.errorField == "settings.max_concurrent_calls")
        }
    }

    static let csv = """
        téléphone;prénom;nom
        06 11 11 11 11;Zoé;Martin
        pas un numéro;Paul;Durand
        06 22 22 22 22;Léa;Bernard
        """

    @Test("a CSV upload imports the good rows and reports the bad one with its line")
    func createFromCSV() async throws {
        try await APITestHarness.run { harness, client in
            var headers = APITestHarness.auth
            headers[.contentType] = "text/csv; charset=utf-8"
            let response = try await client.execute(uri: "/campaigns?name=Upload&scenario=finance_agent&max_concurrent_calls=2",
                                                    method: .post, headers: headers, body: ByteBuffer(string: Self.csv))
            #expect(response.status == .created)
            let contacts = response.json["contacts"] as? [String: Any] ?? [:]
            #expect(contacts["imported"] as? Int == 2)
            let invalid = contacts["invalid"] as? [[String: Any]] ?? []
            #expect(invalid.map { $0["line"] as? Int } == [3])
            #expect(response.json["queued"] as? Int == 2)
            let stored = try await harness.db.contacts.contact(phone: try PhoneNumber(parsing: "0622222222"))
            #expect(stored?.firstName == "Léa")
        }
    }

    @Test("a multipart/form-data upload works like the CSV body")
    func createFromMultipart() async throws {
        try await APITestHarness.run { harness, client in
            let boundary = "----minibot-test-boundary"
            let body = [
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nFormulaire\r\n",
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"scenario\"\r\n\r\nfinance_agent\r\n",
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"contacts.csv\"\r\n"
                    + "Content-Type: text/csv\r\n\r\n\(Self.csv)\r\n",
                "--\(boundary)--\r\n",
            ].joined()
            var headers = APITestHarness.auth
            headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
            let response = try await client.execute(uri: "/campaigns", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(response.status == .created)
            #expect((response.json["campaign"] as? [String: Any])?["name"] as? String == "Formulaire")
            let contacts = response.json["contacts"] as? [String: Any] ?? [:]
            #expect(contacts["imported"] as? Int == 2)
            #expect((contacts["invalid"] as? [[String: Any]])?.first?["line"] as? Int == 3)
            #expect(try await harness.db.contacts.count() == 2)
        }
    }

    @Test("GET /campaigns and /campaigns/{id} with stats")
    func listAndDetail() async throws {
        try await APITestHarness.run { harness, client in
            let (campaign, _) = try await harness.seedCalls([.lead, .busy, .lead, .notInterested, nil])
            let list = try await client.get("/campaigns")
            #expect(list.json["total"] as? Int == 1)
            let detail = try await client.get("/campaigns/\(campaign.id)")
            #expect(detail.status == .ok)
            let stats = detail.json["stats"] as? [String: Any] ?? [:]
            #expect(stats["total_contacts"] as? Int == 5)
            #expect(stats["completed"] as? Int == 4)
            #expect(stats["in_progress"] as? Int == 1)
            #expect((stats["results"] as? [String: Any])?["lead"] as? Int == 2)
            #expect(stats["conversion_rate"] as? Double == 50)
            #expect(try await client.get("/campaigns/424242").status == .notFound)
            #expect(try await client.get("/campaigns/abc").errorField == "id")
        }
    }

    @Test("PATCH /campaigns/{id}/status follows the state machine and drives the control")
    func statusChanges() async throws {
        try await APITestHarness.run { harness, client in
            let campaign = try await harness.db.campaigns.create(Campaign(id: 0, name: "Etat", scenario: "finance_agent"))
            let path = "/campaigns/\(campaign.id)/status"
            let start = try await client.send(.patch, path, json: #"{"action":"start"}"#)
            #expect(start.status == .ok)
            #expect(start.json["status"] as? String == "running")
            #expect(start.json["dialling"] as? Bool == true)
            #expect(await harness.control.launched == [campaign.id])

            let resumeRunning = try await client.send(.patch, path, json: #"{"action":"resume"}"#)
            #expect(resumeRunning.status == .conflict)
            #expect(resumeRunning.errorCode == "conflict")

            #expect(try await client.send(.patch, path, json: #"{"action":"pause"}"#).json["status"] as? String == "paused")
            #expect(await harness.control.stopped == [campaign.id])
            #expect(try await harness.db.campaigns.campaign(id: campaign.id)?.status == .paused)

            await harness.control.setFailLaunch(true)
            let failed = try await client.send(.patch, path, json: #"{"action":"resume"}"#)
            #expect(failed.status == .serviceUnavailable)
            #expect(try await harness.db.campaigns.campaign(id: campaign.id)?.status == .paused)
            await harness.control.setFailLaunch(false)

            #expect(try await client.send(.patch, path, json: #"{"action":"resume"}"#).json["status"] as? String == "running")
            #expect(try await client.send(.patch, path, json: #"{"action":"cancel"}"#).json["status"] as? String == "cancelled")
            #expect(try await client.send(.patch, path, json: #"{"action":"start"}"#).status == .conflict)
            let bad = try await client.send(.patch, path, json: #"{"action":"explode"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.errorField == "action")
            #expect(try await client.send(.patch, "/campaigns/9999/status", json: #"{"action":"pause"}"#).status == .notFound)
        }
    }
}
