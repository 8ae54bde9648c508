import Logging
import MiniBotTelephony
import NIOCore
import NIOPosix

/// The bot as an AudioSocket service: a listener (SPEC A1) running one ``CallRunner`` per
/// connection, at most `maximumConcurrentCalls` at once (extra connections get an AudioSocket
/// hang-up from the server).
///
/// Each call is a child task of the server's task group: one call's failure ends only that
/// call. ``shutdownGracefully()`` stops accepting; ``run(onReport:)`` returns once live calls
/// have finished (SIGTERM drain).
/// ```swift
/// let service = try await AudioSocketCallService.bind(
///     configuration: .init(host: "0.0.0.0", port: 9092, maximumConcurrentCalls: 200), runner: runner)
/// try await service.run { report in print(report.callID, report.result) }
/// ```
public final class AudioSocketCallService: Sendable {
    public let server: AudioSocketServer
    public let runner: CallRunner

    init(server: AudioSocketServer, runner: CallRunner) {
        self.server = server
        self.runner = runner
    }

    /// Binds the AudioSocket listener (use port 0 in tests and read ``localPort``).
    public static func bind(configuration: AudioSocketServer.Configuration, runner: CallRunner,
                            eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            logger: Logger = Logger(label: "minibot.audiosocket")) async throws -> AudioSocketCallService {
        let server = try await AudioSocketServer.bind(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        return AudioSocketCallService(server: server, runner: runner)
    }

    public var localPort: Int? { server.localPort }
    /// Pacing statistics of the bot's outbound audio (late frames, active/refused calls).
    public var statistics: AudioSocketStatistics { server.statistics }

    /// Accepts calls until ``shutdownGracefully()``; `onReport` gets each finished call's report.
    /// `contact` gives the template variables of a call (e.g. looked up by call id).
    public func run(contact: @escaping @Sendable (any CallSession) -> [String: String] = { _ in [:] },
                    onReport: @escaping @Sendable (CallReport) -> Void = { _ in }) async throws {
        let runner = runner
        try await server.run { session in
            let report = await runner.run(session, contact: contact(session))
            onReport(report)
        }
    }

    /// Stops accepting new calls; live calls continue to their end.
    public func shutdownGracefully() async {
        await server.shutdownGracefully()
    }
}
