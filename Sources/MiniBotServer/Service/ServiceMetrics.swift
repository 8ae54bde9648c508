import CoreMetrics
import Foundation
import MiniBotCalls
import MiniBotDispatch
import MiniBotStorage
import MiniBotTelephony
import Prometheus
import Synchronization

/// The service's monitoring figures, emitted through swift-metrics (so any backend works) and
/// kept as a short window for `GET /stats/performance`.
///
/// Series (Prometheus names): `minibot_calls_total{result}`, `minibot_dials_total`,
/// `minibot_dials_refused_total{rule}`, `minibot_active_calls`, histograms `minibot_reaction_seconds`
/// (endpoint → first prompt frame), `minibot_recognition_seconds` (end of speech → final text) and
/// `minibot_understanding_seconds` (NLU + dialogue step), `minibot_frames_sent_total`, `minibot_frames_late_total`,
/// `minibot_worker_live_calls{worker}` (every worker sharing the database), `minibot_inbound_refused_total`
/// (inbound AudioSocket callers refused because `MAX_INBOUND_CALLS` were live), `minibot_llm_seconds` (one language-model
/// request, start to answer or fallback) and `minibot_llm_failures_total` (requests that ended in the local fallback).
/// ```swift
/// let registry = PrometheusCollectorRegistry()
/// let metrics = ServiceMetrics(factory: ServiceMetrics.prometheusFactory(registry))
/// metrics.record(.dialling(phone: "+33612345678", callUUID: "…"))
/// registry.emitToString()   // "# TYPE minibot_dials_total counter\nminibot_dials_total 1\n…"
/// ```
public final class ServiceMetrics: CallObserver, Sendable {
    private let factory: any MetricsFactory
    private let dials: CoreMetrics.Counter
    private let activeCalls: CoreMetrics.Gauge
    private let reaction: CoreMetrics.Timer
    private let recognition: CoreMetrics.Timer
    private let understanding: CoreMetrics.Timer
    private let framesSent: CoreMetrics.Counter
    private let framesLate: CoreMetrics.Counter
    private let inboundRefused: CoreMetrics.Counter
    private let languageModelTime: CoreMetrics.Timer
    private let languageModelFailures: CoreMetrics.Counter
    private let state = Mutex(State())

    struct State {
        var lines: [ObjectIdentifier: (statistics: AudioSocketStatistics, reported: AudioSocketStatistics.Snapshot)] = [:]
        var closedFramesSent = 0
        var closedFramesLate = 0
        /// Inbound listeners: their counters and the refusals already published.
        var inbound: [ObjectIdentifier: (statistics: AudioSocketStatistics, reportedRefused: Int)] = [:]
        var inboundRefusedTotal = 0
        var inboundCapacity: Int?
        var active = 0
        var reactionWindow = LatencyWindow(capacity: 2_000)
        var recognitionWindow = LatencyWindow(capacity: 2_000)
        var understandingWindow = LatencyWindow(capacity: 2_000)
    }

    public init(factory: any MetricsFactory) {
        self.factory = factory
        dials = CoreMetrics.Counter(label: "minibot_dials_total", factory: factory)
        activeCalls = CoreMetrics.Gauge(label: "minibot_active_calls", factory: factory)
        reaction = CoreMetrics.Timer(label: "minibot_reaction_seconds", factory: factory)
        recognition = CoreMetrics.Timer(label: "minibot_recognition_seconds", factory: factory)
        understanding = CoreMetrics.Timer(label: "minibot_understanding_seconds", factory: factory)
        framesSent = CoreMetrics.Counter(label: "minibot_frames_sent_total", factory: factory)
        framesLate = CoreMetrics.Counter(label: "minibot_frames_late_total", factory: factory)
        inboundRefused = CoreMetrics.Counter(label: "minibot_inbound_refused_total", factory: factory)
        inboundRefused.increment(by: 0)  // the series exists (at 0) before the first refusal
        languageModelTime = CoreMetrics.Timer(label: "minibot_llm_seconds", factory: factory)
        languageModelFailures = CoreMetrics.Counter(label: "minibot_llm_failures_total", factory: factory)
        languageModelFailures.increment(by: 0)
    }

    /// Follows an inbound AudioSocket listener's refusals (its own `MAX_INBOUND_CALLS` capacity).
    public func watchInbound(_ statistics: AudioSocketStatistics, capacity: Int) {
        state.withLock { state in
            state.inbound[ObjectIdentifier(statistics)] = (statistics, statistics.snapshot().rejectedCalls)
            state.inboundCapacity = capacity
        }
    }

    /// Moves new inbound refusals into `minibot_inbound_refused_total` (on each report and before `/metrics`).
    public func publishInboundRefusals() {
        let delta = state.withLock { state -> Int in
            var delta = 0
            for (key, line) in state.inbound {
                let refused = line.statistics.snapshot().rejectedCalls
                delta += refused - line.reportedRefused
                state.inbound[key]?.reportedRefused = refused
            }
            state.inboundRefusedTotal += delta
            return delta
        }
        if delta > 0 { inboundRefused.increment(by: delta) }
    }

    /// `minibot_worker_live_calls{worker}` for every worker seen in the shared database (a stopped or
    /// silent one reads 0), so any worker's `/metrics` shows the whole cluster.
    public func recordWorkers(_ workers: [WorkerStatus], now: Date) {
        for worker in workers {
            let live = worker.isAlive(at: now, staleAfter: 30) ? worker.liveCalls : 0
            CoreMetrics.Gauge(label: "minibot_worker_live_calls", dimensions: [("worker", worker.id)], factory: factory)
                .record(live)
        }
    }

    /// A Prometheus factory with buckets suited to call latencies (1 ms … 2 s).
    public static func prometheusFactory(_ registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000].map { Duration.milliseconds($0) }
        return factory
    }

    /// Dispatcher progress: dials, refusals by rule, finished calls by result.
    public func record(_ event: CampaignDispatcher.Event) {
        switch event {
        case .dialling:
            dials.increment()
            activeCalls.record(state.withLock { state in
                state.active += 1
                return state.active
            })
        case .finished(let record):
            CoreMetrics.Counter(label: "minibot_calls_total", dimensions: [("result", record.result?.rawValue ?? "unknown")], factory: factory).increment()
            activeCalls.record(state.withLock { state in
                state.active = max(0, state.active - 1)
                return state.active
            })
        case .refused(_, let rule, _):
            CoreMetrics.Counter(label: "minibot_dials_refused_total", dimensions: [("rule", rule.rawValue)], factory: factory).increment()
        case .idle:
            break
        }
    }

    public func lineOpened(_ statistics: AudioSocketStatistics) {
        state.withLock { $0.lines[ObjectIdentifier(statistics)] = (statistics, statistics.snapshot()) }
    }

    public func lineClosed(_ statistics: AudioSocketStatistics) {
        publishPacing()
        state.withLock { _ = $0.lines.removeValue(forKey: ObjectIdentifier(statistics)) }
    }

    public func callEnded(_ report: CallReport) {
        for (timer, values) in [(reaction, report.reactionTimesMs), (recognition, report.recognitionTimesMs),
                                (understanding, report.understandingTimesMs)] {
            for milliseconds in values { timer.recordNanoseconds(Int64(milliseconds * 1_000_000)) }
        }
        for use in report.languageModel ?? [] where use.path != .matcher && !use.cached {
            if let latency = use.latencyMs { languageModelTime.recordNanoseconds(Int64(latency * 1_000_000)) }
            if use.path == .fallback { languageModelFailures.increment() }
        }
        state.withLock { state in
            state.reactionWindow.append(contentsOf: report.reactionTimesMs)
            state.recognitionWindow.append(contentsOf: report.recognitionTimesMs)
            state.understandingWindow.append(contentsOf: report.understandingTimesMs)
        }
        publishPacing()
    }

    /// Moves the lines' pacing counters into the frame counters (called on each report and before `/metrics`).
    public func publishPacing() {
        let deltas = state.withLock { state -> (sent: Int, late: Int) in
            var sent = 0, late = 0
            for (key, line) in state.lines {
                let now = line.statistics.snapshot()
                sent += now.framesSent - line.reported.framesSent
                late += now.lateFrames - line.reported.lateFrames
                state.lines[key]?.reported = now
            }
            state.closedFramesSent += sent
            state.closedFramesLate += late
            return (sent, late)
        }
        if deltas.sent > 0 { framesSent.increment(by: deltas.sent) }
        if deltas.late > 0 { framesLate.increment(by: deltas.late) }
    }

    /// Figures for `GET /stats/performance`.
    public func performance() -> PerformanceSnapshot {
        publishPacing()
        publishInboundRefusals()
        return state.withLock { state in
            var snapshot = PerformanceSnapshot()
            snapshot.activeCalls = state.active
            snapshot.reactionMs = state.reactionWindow.summary()
            snapshot.recognitionMs = state.recognitionWindow.summary()
            snapshot.nluMs = state.understandingWindow.summary()
            snapshot.framesSent = state.closedFramesSent
            snapshot.framesLate = state.closedFramesLate
            snapshot.inboundRefused = state.inboundRefusedTotal
            snapshot.inboundCapacity = state.inboundCapacity
            return snapshot
        }
    }
}

/// The last `capacity` latencies, for percentiles without unbounded memory.
struct LatencyWindow: Sendable {
    private(set) var values: [Double] = []
    private var next = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func append(contentsOf newValues: [Double]) {
        for value in newValues {
            if values.count < capacity {
                values.append(value)
            } else {
                values[next] = value
                next = (next + 1) % capacity
            }
        }
    }

    /// Nearest-rank percentiles.
    func summary() -> PerformanceSnapshot.Latency {
        guard !values.isEmpty else { return .init() }
        let sorted = values.sorted()
        func rank(_ p: Double) -> Double { sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))] }
        return .init(count: sorted.count, p50: rank(0.50), p95: rank(0.95), p99: rank(0.99))
    }
}
