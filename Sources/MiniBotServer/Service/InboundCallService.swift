import Logging
import MiniBotCalls
import ServiceLifecycle

/// The AudioSocket listener as a lifecycle service: calls the PBX sends to the bot (inbound
/// after-sales line, `AudioSocket()` in an Asterisk dialplan). On graceful shutdown it stops
/// accepting and returns once live calls have finished.
public struct InboundCallService: Service {
    public let service: AudioSocketCallService
    private let observer: (any CallObserver)?
    private let logger: Logger

    public init(service: AudioSocketCallService, observer: (any CallObserver)?, logger: Logger) {
        self.service = service
        self.observer = observer
        self.logger = logger
    }

    public func run() async throws {
        let service = service
        let observer = observer
        let logger = logger
        observer?.lineOpened(service.statistics)
        defer { observer?.lineClosed(service.statistics) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Returns on SIGTERM; throws (ending the task) when cancelled below.
                try await gracefulShutdown()
                await service.shutdownGracefully()
            }
            do {
                try await service.run(onReport: { report in
                    observer?.callEnded(report)
                    logger.info("inbound call ended", metadata: [
                        "call_uuid": "\(report.callID)", "result": "\(report.result.rawValue)", "duration_ms": "\(report.durationMs)",
                    ])
                })
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}
