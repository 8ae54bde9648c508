import Foundation
import Logging
import MiniBotDialogue
import MiniBotTelephony
import Prometheus
import Testing
@testable import MiniBotServer

/// Issue 16: inbound AudioSocket calls have their own capacity (`MAX_INBOUND_CALLS`), not outbound
/// `MAX_CONCURRENT_CALLS`, and a refused caller is counted in `/metrics` and `/stats/performance`.
/// Real listener on loopback, real AudioSocket clients.
@Suite(.timeLimit(.minutes(1)))
struct InboundCapacityTests {
    @Test func inboundCallsUseTheirOwnCapacityAndRefusalsAreCounted() async throws {
        let recordings = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-inbound-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: recordings) }
        // One outbound call at a time, two inbound: the second inbound caller must still be answered.
        let configuration = try ServiceConfiguration(values: [
            "MAX_CONCURRENT_CALLS": "1", "MAX_INBOUND_CALLS": "2", "AUDIOSOCKET_HOST": "127.0.0.1", "AUDIOSOCKET_PORT": "0",
            "RECORDINGS_DIR": recordings.path, "SCENARIO": "finance_agent",
        ])
        let scenario = try Scenario.load(path: APITestHarness.repositoryRoot.appendingPathComponent("scenarios/finance_agent.json").path)
        let registry = PrometheusCollectorRegistry()
        let metrics = ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry))
        let inbound = try await MiniBotService.inboundService(configuration: configuration, scenario: scenario, metrics: metrics,
                                                              logger: APITestHarness.logger)
        let port = try #require(inbound.service.localPort)
        let statistics = inbound.service.statistics
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await inbound.service.run() }
            /// Waits (bounded) until the listener counts `count` live calls.
            func awaitActive(_ count: Int) async throws {
                let deadline = ContinuousClock.now + .seconds(10)
                while statistics.snapshot().activeCalls < count {
                    guard ContinuousClock.now < deadline else { throw CancellationError() }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            try await AudioSocketClient.withConnection(port: port, callID: UUID()) { first in
                try await awaitActive(1)
                try await AudioSocketClient.withConnection(port: port, callID: UUID()) { second in
                    try await awaitActive(2)
                    let refused = try await AudioSocketClient.withConnection(port: port, callID: UUID()) { third in
                        var messages: [AudioSocketMessage] = []
                        for await item in third.received { messages.append(item.message) }
                        return messages
                    }
                    #expect(refused == [.hangup], "the third inbound caller is over MAX_INBOUND_CALLS=2")
                    #expect(statistics.snapshot().acceptedCalls == 2, "MAX_CONCURRENT_CALLS=1 does not limit inbound calls")
                    await second.hangup()
                }
                await first.hangup()
            }
            let performance = metrics.performance()
            #expect(performance.inboundRefused == 1)
            #expect(performance.inboundCapacity == 2)
            #expect(registry.emitToString().contains("minibot_inbound_refused_total 1"))
            group.cancelAll()
        }
    }
}
