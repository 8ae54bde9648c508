import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotDispatch
@testable import MiniBotTelephony
import Prometheus
import Testing
@testable import MiniBotServer

@Suite struct ServiceMetricsTests {
    @Test func dispatcherEventsAndReportsBecomePrometheusSeries() {
        let registry = PrometheusCollectorRegistry()
        let metrics = ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry))
        metrics.record(.dialling(phone: "+33612345678", callUUID: "a"))
        metrics.record(.dialling(phone: "+33612345679", callUUID: "b"))
        let callID = CallID()
        var record = CallRecord(callID: 1, callUUID: callID, campaignID: 1, phone: "+33612345678", firstName: "", status: .completed,
                                startedAt: Date())
        record.result = .lead
        metrics.record(.finished(record))
        metrics.record(.refused(phone: "+33612345670", rule: .callingHours, nextAllowed: nil))
        var report = CallReport(callID: callID, result: .lead, reason: "", score: 80, durationMs: 1_000,
                                reactionTimesMs: [3, 7, 15], engine: "simulated")
        report.recognitionTimesMs = [120, 80]
        report.understandingTimesMs = [0.05]
        metrics.callEnded(report)
        let text = registry.emitToString()
        #expect(text.contains("minibot_dials_total 2"))
        #expect(text.contains(#"minibot_calls_total{result="LEAD"} 1"#) || text.contains(#"minibot_calls_total{result="lead"} 1"#))
        #expect(text.contains("minibot_dials_refused_total{rule=\"\(ComplianceRule.callingHours.rawValue)\"} 1"))
        #expect(text.contains("minibot_active_calls 1"))
        #expect(text.contains("minibot_reaction_seconds_count 3"))
        let performance = metrics.performance()
        #expect(performance.activeCalls == 1)
        #expect(performance.reactionMs.count == 3)
        #expect(performance.reactionMs.p50 == 7)
        #expect(performance.reactionMs.p99 == 15)
        #expect(performance.recognitionMs.count == 2)
        #expect(performance.recognitionMs.p50 == 80)
        #expect(performance.nluMs.count == 1)
        #expect(text.contains("minibot_recognition_seconds_count 2"))
        #expect(text.contains("minibot_understanding_seconds_count 1"))
    }

    /// Inbound refusals (callers over `MAX_INBOUND_CALLS`) reach `/metrics` and `/stats/performance` (issue 16).
    @Test func inboundRefusalsAreCounted() {
        let registry = PrometheusCollectorRegistry()
        let metrics = ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry))
        let statistics = AudioSocketStatistics()
        metrics.watchInbound(statistics, capacity: 1)
        #expect(registry.emitToString().contains("minibot_inbound_refused_total 0"))
        #expect(statistics.reserveCall(limit: 1))
        #expect(!statistics.reserveCall(limit: 1))
        #expect(!statistics.reserveCall(limit: 1))
        metrics.publishInboundRefusals()
        #expect(registry.emitToString().contains("minibot_inbound_refused_total 2"))
        let performance = metrics.performance()
        #expect(performance.inboundRefused == 2)
        #expect(performance.inboundCapacity == 1)
        #expect(registry.emitToString().contains("minibot_inbound_refused_total 2"), "publishing twice does not double-count")
    }

    @Test func latencyWindowKeepsOnlyTheLastValues() {
        var window = LatencyWindow(capacity: 4)
        window.append(contentsOf: [100, 100, 100, 100, 1, 2, 3])
        #expect(window.values.sorted() == [1, 2, 3, 100])
        #expect(window.summary().p50 == 2)
        #expect(LatencyWindow(capacity: 3).summary().count == 0)
    }
}
