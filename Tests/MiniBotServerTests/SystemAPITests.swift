import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotDialer
import MiniBotServer
import MiniBotStorage
import Testing

@Suite("API: health, stats, scenarios, metrics, dashboard", .timeLimit(.minutes(2)))
struct SystemAPITests {
    @Test("GET /health lists the database and every probe; 503 when one is down")
    func health() async throws {
        try await APITestHarness.run { _, client in
            let response = try await client.get("/health", auth: false)
            #expect(response.status == .ok)
            #expect(response.json["status"] as? String == "ok")
            let checks = response.json["checks"] as? [[String: Any]] ?? []
            #expect(checks.first?["name"] as? String == "database")
            #expect(checks.first?["ok"] as? Bool == true)
        }
        let probes = [HealthProbe(name: "pbx", check: { HealthStatus(ok: false, detail: "connection refused") }),
                      HealthProbe(name: "stt", check: { HealthStatus(ok: true, detail: "vosk loaded") })]
        try await APITestHarness.run(probes: probes) { _, client in
            let response = try await client.get("/health", auth: false)
            #expect(response.status == .serviceUnavailable)
            let checks = response.json["checks"] as? [[String: Any]] ?? []
            #expect(checks.compactMap { $0["name"] as? String } == ["database", "pbx", "stt"])
            #expect(checks[1]["detail"] as? String == "connection refused")
        }
    }

    @Test("GET /stats/summary counts calls by result, status, sentiment, today and per hour")
    func summary() async throws {
        try await APITestHarness.run { harness, client in
            let recent = Date().addingTimeInterval(-2 * 3_600)
            try await harness.seedCalls([.lead, .lead, .busy, .failed, nil], start: recent, sentiment: .positive)
            try await harness.seedCalls([.noAnswer], start: Date().addingTimeInterval(-3 * 86_400), name: "Old", firstPhone: 50)
            let response = try await client.get("/stats/summary")
            #expect(response.status == .ok)
            let json = response.json
            #expect(json["total_calls"] as? Int == 6)
            #expect((json["by_result"] as? [String: Any])?["lead"] as? Int == 2)
            #expect((json["by_result"] as? [String: Any])?["no_answer"] as? Int == 1)
            #expect((json["by_status"] as? [String: Any])?["FAILED"] as? Int == 1)
            #expect((json["by_status"] as? [String: Any])?["IN_PROGRESS"] as? Int == 1)
            #expect((json["by_sentiment"] as? [String: Any])?["POSITIVE"] as? Int == 4)
            #expect(json["conversion_rate"] as? Double == 40)
            let hours = json["calls_per_hour"] as? [[String: Any]] ?? []
            #expect(hours.count == 24)
            #expect(hours.compactMap { $0["calls"] as? Int }.reduce(0, +) == 5)
            #expect((json["campaigns"] as? [String: Any])?["running"] as? Int == 2)
        }
    }

    @Test("performance, metrics and scenarios")
    func performanceMetricsScenarios() async throws {
        try await APITestHarness.run { _, client in
            let performance = try await client.get("/stats/performance")
            #expect(performance.json["active_calls"] as? Int == 3)
            #expect((performance.json["reaction_ms"] as? [String: Any])?["p95"] as? Double == 700)
            let metrics = try await client.get("/metrics")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(metrics.text.contains("minibot_calls_total 7"))
            let scenarios = try await client.get("/scenarios")
            let items = scenarios.json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["name"] as? String } == ["finance_agent"])
            #expect((items.first?["steps"] as? Int ?? 0) > 3)
            #expect(items.first?["valid"] as? Bool == true)
        }
    }

    @Test("POST /scenarios/validate reports issues with JSON paths, JSON or YAML")
    func validateScenario() async throws {
        try await APITestHarness.run { harness, client in
            let good = try String(contentsOf: harness.scenarios.appendingPathComponent("finance_agent.json"), encoding: .utf8)
            let valid = try await client.send(.post, "/scenarios/validate", json: good)
            #expect(valid.status == .ok)
            #expect(valid.json["valid"] as? Bool == true)

            let yaml = """
                metadata:
                  name: broken
                steps:
                  hello:
                    message_text: Bonjour
                    intent_mapping:
                      affirm: nowhere
                """
            var headers = APITestHarness.auth
            headers[.contentType] = "application/yaml"
            let invalid = try await client.execute(uri: "/scenarios/validate", method: .post, headers: headers,
                                                   body: ByteBuffer(string: yaml))
            #expect(invalid.status == .ok)
            #expect(invalid.json["valid"] as? Bool == false)
            let issues = invalid.json["issues"] as? [[String: Any]] ?? []
            #expect(issues.contains { ($0["path"] as? String)?.hasPrefix("steps.hello") == true && $0["severity"] as? String == "error" })

            let typeError = try await client.send(.post, "/scenarios/validate", json: #"{"metadata":{"name":"x"},"steps":[]}"#)
            #expect(typeError.json["valid"] as? Bool == false)
            #expect((typeError.json["issues"] as? [[String: Any]])?.first?["path"] as? String == "steps")
        }
    }

    @Test("the dashboard is served at / and /dashboard/… without a token")
    func dashboard() async throws {
        try await APITestHarness.run { _, client in
            let index = try await client.get("/", auth: false)
            #expect(index.status == .ok)
            #expect(index.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(index.text.contains("MiniBotPanel"))
            #expect(try await client.get("/dashboard/index.html", auth: false).text == index.text)
            #expect(try await client.get("/dashboard/..%2F..%2FPackage.swift", auth: false).status == .notFound)
            #expect(try await client.get("/dashboard/nope.js", auth: false).status == .notFound)
        }
    }
}
