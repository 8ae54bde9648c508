import Foundation
import Logging
import MiniBotCalls
import MiniBotDialogue
import Synchronization

/// One PBX connection for a whole process: `serve` opens the connector once (one Event Socket
/// or ARI client, one media listener) and every campaign and test call dials through it, each
/// with the call runner of its own scenario.
///
/// Why: opening the line per campaign bound the media listener (`AUDIO_STREAM_PORT`,
/// `AUDIOSOCKET_PORT`) per campaign, so a second simultaneous campaign failed on "address in use".
/// A PBX that is down at start is retried every `retryInterval`; a dial meanwhile waits a bounded
/// time for the connection, then fails cleanly (the dispatcher records it and retries later).
///
/// ```swift
/// let line = SharedPBXLine(configuration: pbx, options: options)
/// async let _ = line.run(until: { try? await gracefulShutdown() })
/// let placer = try await line.placer(scenario: scenario, waiting: .seconds(15))
/// ```
public final class SharedPBXLine: Sendable {
    public let configuration: PBXConfiguration
    public let options: PBXLine.Options
    public let retryInterval: Duration
    /// Times the retries and a dial's wait for the line; tests pass a manual clock.
    let clock: any Clock<Duration>
    private let state = Mutex(State())

    private struct State {
        var connector: PBXLine.Connector?
        var lastError: String?
        var finished = false
    }

    public init(configuration: PBXConfiguration, options: PBXLine.Options, retryInterval: Duration = .seconds(5),
                clock: any Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.options = options
        self.retryInterval = retryInterval
        self.clock = clock
    }

    /// Keeps the connection open until `stop` returns (the service's graceful shutdown); retries
    /// while the PBX cannot be reached. Returns once the connector's services are shut down.
    public func run(until stop: @escaping @Sendable () async -> Void) async {
        defer { state.withLock { $0.finished = true; $0.connector = nil } }
        while !Task.isCancelled {
            do {
                try await PBXLine.withConnector(configuration: configuration, options: options) { [self] connector in
                    state.withLock { $0.connector = connector; $0.lastError = nil }
                    await stop()
                    state.withLock { $0.connector = nil }
                }
                return
            } catch {
                state.withLock { $0.lastError = "\(error)" }
                options.logger.error("PBX line could not open; retrying", metadata: [
                    "pbx": "\(configuration.kind.rawValue)", "error": "\(error)", "retry_in": "\(retryInterval)",
                ])
                guard (try? await clock.sleep(for: retryInterval)) != nil else { return }
            }
        }
    }

    /// A placer for `scenario` over the open connection, waiting up to `waiting` for it to open.
    public func placer(scenario: Scenario, now: @escaping @Sendable () -> Date = { Date() },
                       onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void = { _, _ in },
                       waiting: Duration) async throws -> PBXCallPlacer {
        let waited = clock.measureFrom()
        while true {
            let (connector, finished, lastError) = state.withLock { ($0.connector, $0.finished, $0.lastError) }
            if let connector { return try connector.placer(scenario: scenario, now: now, onTurns: onTurns) }
            if finished || waited() >= waiting {
                throw PBXLineError.unreachable(lastError ?? "the \(configuration.kind.rawValue) line is not connected")
            }
            try await clock.sleep(for: .milliseconds(100))
        }
    }

    /// True while the connector's services are open.
    public var isOpen: Bool { state.withLock { $0.connector != nil } }
}

extension Clock where Duration == Swift.Duration {
    /// A stopwatch started now on this clock: each call returns the time elapsed since.
    func measureFrom() -> @Sendable () -> Swift.Duration {
        let start = now
        return { [self] in start.duration(to: now) }
    }
}
