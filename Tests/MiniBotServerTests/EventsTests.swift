import Foundation
import HummingbirdTesting
import MiniBotServer
import Testing

/// `GET /events` over real HTTP, read as a browser's EventSource would (a streaming client in a
/// subprocess: the in-process test client waits for the end of the body, which a stream never has).
@Suite(.timeLimit(.minutes(1))) struct EventsTests {
    @Test func progressStreamsCampaignsSummaryAndPerformance() async throws {
        try await APITestHarness.run { harness, client in
            let created = try await client.send(.post, "/campaigns",
                                                json: #"{"name":"Flux","scenario":"finance_agent","phone_numbers":["0612345601","0612345602"]}"#)
            #expect(created.status == .created)
            let port = try #require(client.port)
            let script = """
            import sys, urllib.request
            request = urllib.request.Request(sys.argv[1], headers={"Accept": "text/event-stream"})
            with urllib.request.urlopen(request, timeout=10) as response:
                print(response.headers.get("Content-Type"))
                for raw in response:
                    line = raw.decode().rstrip("\\n")
                    if line.startswith("data: "):
                        print(line)
                        break
            """
            let output = try Self.python(script, "http://127.0.0.1:\(port)/events?token=\(APITestHarness.token)")
            #expect(output.hasPrefix("text/event-stream"), "\(output)")
            let data = try #require(output.split(separator: "\n").first { $0.hasPrefix("data: ") }?.dropFirst(6))
            let event = try #require(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [String: Any])
            let campaigns = try #require(event["campaigns"] as? [[String: Any]])
            #expect(campaigns.count == 1)
            #expect((campaigns.first?["stats"] as? [String: Any])?["total_contacts"] as? Int == 2)
            #expect((event["summary"] as? [String: Any])?["total_calls"] as? Int == 0)
            #expect(event["performance"] is [String: Any])
            _ = harness
        }
    }

    static func python(_ script: String, _ argument: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, argument]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
