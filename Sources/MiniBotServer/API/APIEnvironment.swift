import Foundation
import MiniBotStorage

/// Everything the REST API reads or drives, handed in by `minibot serve` (or a test), so the
/// routes stay thin: storage for reads, a ``CampaignControl`` for anything that dials, and
/// probes for `/health`.
public struct APIEnvironment: Sendable {
    public var database: Database
    public var control: any CampaignControl
    /// Folder the shipped and operator scenarios live in (`scenarios/`).
    public var scenariosDirectory: String
    /// Folder of call recordings and transcripts; downloads never leave it.
    public var recordingsDirectory: String
    /// Accepted bearer tokens (the `API_PASSWORD`); empty means no token is accepted.
    public var bearerTokens: Set<String>
    /// Largest accepted request body (CSV uploads included).
    public var maximumBodyBytes: Int
    /// Health probes besides the database (PBX reachability…), run by `GET /health`.
    public var probes: [HealthProbe]
    /// Latency and pacing figures for `GET /stats/performance`.
    public var performance: @Sendable () -> PerformanceSnapshot
    /// Text of the Prometheus exposition for `GET /metrics`.
    public var metricsText: @Sendable () -> String
    /// `/stats/summary` may be this old (seconds); 0 computes it on every request.
    public var summaryMaximumAge: TimeInterval = 0

    public init(database: Database, control: any CampaignControl, scenariosDirectory: String, recordingsDirectory: String,
                bearerTokens: Set<String>, maximumBodyBytes: Int = 20 * 1024 * 1024, probes: [HealthProbe] = [],
                performance: @escaping @Sendable () -> PerformanceSnapshot = { PerformanceSnapshot() },
                metricsText: @escaping @Sendable () -> String = { "" }) {
        self.database = database
        self.control = control
        self.scenariosDirectory = scenariosDirectory
        self.recordingsDirectory = recordingsDirectory
        self.bearerTokens = bearerTokens
        self.maximumBodyBytes = maximumBodyBytes
        self.probes = probes
        self.performance = performance
        self.metricsText = metricsText
    }
}

/// Starts and steers dialling on behalf of the API: the service implements it with the
/// campaign dispatcher and the configured PBX line; tests use a recording fake.
public protocol CampaignControl: Sendable {
    /// Starts (or resumes) dialling the campaign in the background; returns once it is running.
    func launch(campaignID: Int64) async throws
    /// Stops dialling new contacts of the campaign (live calls finish); the status is stored by the caller.
    func stopDialling(campaignID: Int64) async
    /// One immediate test call to a number with a scenario (seed `POST /calls/launch`); returns the call UUID.
    func launchCall(phone: String, scenario: String, variables: [String: String]) async throws -> String
    /// Campaign ids being dialled right now.
    func runningCampaigns() async -> [Int64]
}

/// One `/health` line: a dependency, whether it answers, and a short human detail.
public struct HealthProbe: Sendable {
    public var name: String
    public var check: @Sendable () async -> HealthStatus

    public init(name: String, check: @escaping @Sendable () async -> HealthStatus) {
        self.name = name
        self.check = check
    }
}

public struct HealthStatus: Sendable, Codable, Hashable {
    public var ok: Bool
    public var detail: String

    public init(ok: Bool, detail: String) {
        self.ok = ok
        self.detail = detail
    }
}

/// Live latency figures (milliseconds) and pacing counters for `GET /stats/performance`.
public struct PerformanceSnapshot: Sendable, Codable, Hashable {
    public struct Latency: Sendable, Codable, Hashable {
        public var count: Int
        public var p50: Double?
        public var p95: Double?
        public var p99: Double?

        public init(count: Int = 0, p50: Double? = nil, p95: Double? = nil, p99: Double? = nil) {
            self.count = count
            self.p50 = p50
            self.p95 = p95
            self.p99 = p99
        }
    }

    public var activeCalls: Int
    public var recognitionMs: Latency
    public var nluMs: Latency
    public var reactionMs: Latency
    public var framesSent: Int
    public var framesLate: Int
    /// Inbound AudioSocket calls refused since start because `MAX_INBOUND_CALLS` were live.
    public var inboundRefused: Int = 0
    /// The inbound capacity (`MAX_INBOUND_CALLS`); nil when no inbound listener runs.
    public var inboundCapacity: Int?

    public init(activeCalls: Int = 0, recognitionMs: Latency = .init(), nluMs: Latency = .init(), reactionMs: Latency = .init(),
                framesSent: Int = 0, framesLate: Int = 0) {
        self.activeCalls = activeCalls
        self.recognitionMs = recognitionMs
        self.nluMs = nluMs
        self.reactionMs = reactionMs
        self.framesSent = framesSent
        self.framesLate = framesLate
    }
}
