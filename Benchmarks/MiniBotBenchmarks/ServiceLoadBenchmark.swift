import AsyncHTTPClient
import Foundation
import Logging
import MiniBotDialer
import MiniBotDialogue
import MiniBotServer
import MiniBotStorage
import NIOCore
import Synchronization

/// Issue 6's load bar: `rate` API requests per second (`/stats/summary` and `/calls` in turn)
/// while `calls` simulated calls run in the same `minibot serve` process (API + dialler +
/// simulated PBX over loopback AudioSocket, SQLite). Prints request latencies and the share of
/// outbound frames sent more than 5 ms late, which must stay within the call engine's bar.
/// Wiring: `minibot-bench service-load 100 200 20` (calls, requests/s, seconds).
func serviceLoadBenchmark(calls: Int, rate: Int, seconds: Int) async {
    let directory = NSTemporaryDirectory() + "minibot-service-load-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    guard FileManager.default.fileExists(atPath: "scenarios/rdv_energie.json") else {
        print("service load: run from the repository root (scenarios/)")
        return
    }
    do {
        let port = 18_000 + Int.random(in: 0..<2_000)
        let token = "benchmark-token-0123456789"
        let configuration = try ServiceConfiguration(values: [
            "DATABASE_URL": "sqlite:\(directory)/load.sqlite", "API_PORT": String(port), "API_PASSWORD": token,
            "MAX_CONCURRENT_CALLS": String(calls), "RECORDINGS_DIR": directory + "/recordings", "LOG_LEVEL": "error",
        ])
        let db = try await Database.open(url: try DatabaseURL(parsing: configuration.databaseURL), logger: quietLogger)
        // Contacts who listen and agree: long calls, so `calls` of them are live together.
        var contacts: [Contact] = []
        for index in 0..<calls {
            contacts.append(Contact(phone: try PhoneNumber(parsing: String(format: "0699%06d", index)), firstName: "Client\(index)",
                                    variables: ["persona": "interesse"], legalBasis: .contract))
        }
        _ = try await db.contacts.save(contacts)
        let campaign = try await db.campaigns.create(Campaign(
            id: 0, name: "service load", scenario: "rdv_energie",
            settings: CampaignSettings(maxConcurrentCalls: calls, delayBetweenCalls: 0), retry: RetryPolicy(maxRetries: 0)))
        let assembly = try await MiniBotService.assemble(
            configuration: configuration, database: db,
            scenarios: { try Scenario.load(path: "scenarios/\($0).json") }, ignoreCallingHours: true,
            http: { environment, configuration, logger in
                MiniBotAPI.application(environment: environment, host: configuration.api.host, port: configuration.api.port, logger: logger)
            }, logger: quietLogger)
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await assembly.group.run() }
            do {
                try await Task.sleep(for: .milliseconds(500))
                try await assembly.dialing.launch(campaignID: campaign.id)
                // Wait until the calls are all live.
                let rampDeadline = ContinuousClock.now + .seconds(60)
                while try await db.calls.activeCallCount(campaignID: campaign.id) < calls, ContinuousClock.now < rampDeadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
                let before = assembly.metrics.performance()
                let live = try await db.calls.activeCallCount(campaignID: campaign.id)
                let latencies = LoadBox<[Double]>([])
                let failures = LoadBox(0)
                let interval = Duration.nanoseconds(1_000_000_000 / max(rate, 1))
                let start = ContinuousClock.now
                await withTaskGroup(of: Void.self) { requests in
                    for index in 0..<(rate * seconds) {
                        try? await Task.sleep(until: start + interval * index, clock: .continuous)
                        requests.addTask {
                            var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)" + (index % 2 == 0 ? "/stats/summary" : "/calls?page_size=50"))
                            request.headers.add(name: "Authorization", value: "Bearer \(token)")
                            let sent = ContinuousClock.now
                            do {
                                let response = try await client.execute(request, timeout: .seconds(10))
                                _ = try await response.body.collect(upTo: 10 << 20)
                                let elapsed = (ContinuousClock.now - sent)
                                let ms = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
                                if response.status == .ok { latencies.update { $0.append(ms) } } else { failures.update { $0 += 1 } }
                            } catch {
                                failures.update { $0 += 1 }
                            }
                        }
                    }
                }
                let elapsed = ContinuousClock.now - start
                let after = assembly.metrics.performance()
                let sorted = latencies.value.sorted()
                func percentile(_ p: Double) -> Double { sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
                let sent = after.framesSent - before.framesSent
                let late = after.framesLate - before.framesLate
                print(String(format: "service load: %d live calls, %d requests in %.1f s (%.0f req/s), %d failed",
                             live, sorted.count + failures.value, Double(elapsed.components.seconds), Double(sorted.count) / Double(max(seconds, 1)),
                             failures.value))
                print(String(format: "  request latency p50 %.2f ms, p99 %.2f ms, max %.2f ms", percentile(0.5), percentile(0.99), sorted.last ?? .nan))
                print(String(format: "  frames during the load: %d sent, %d late >5 ms (%.3f %%)", sent, late,
                             sent == 0 ? 0 : 100 * Double(late) / Double(sent)))
            } catch {
                print("service load failed: \(error)")
            }
            await assembly.group.triggerGracefulShutdown()
            await group.waitForAll()
        }
        try? await client.shutdown()
        try? await db.close()
    } catch {
        print("service load failed: \(error)")
    }
}
