import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotStorage
import ServiceLifecycle

/// Opens the telephone line a campaign dials through, for as long as the campaign runs: the
/// simulated PBX here, FreeSWITCH or Asterisk when configured. The service does not care which.
public protocol CallLineProvider: Sendable {
    /// Human name of the line for logs and `/health` (`simulated`, `freeswitch`, `asterisk`).
    var name: String { get }
    func withPlacer<T: Sendable>(scenario: Scenario, _ body: @escaping @Sendable (any CallPlacer) async throws -> T) async throws -> T
}

/// The simulated PBX over loopback AudioSocket (dry runs, the demo, `PBX=simulated`): the same
/// call engine, recorder and storage of turns as a real line.
public struct SimulatedLineProvider: CallLineProvider {
    public var options: SimulatedLine.Options
    public var database: Database
    public var logger: Logger
    public var name: String { "simulated" }

    public init(options: SimulatedLine.Options, database: Database, logger: Logger) {
        self.options = options
        self.database = database
        self.logger = logger
    }

    public func withPlacer<T: Sendable>(scenario: Scenario, _ body: @escaping @Sendable (any CallPlacer) async throws -> T) async throws -> T {
        let turns = database.callTurns
        return try await SimulatedLine.withLine(scenario: scenario, options: options, logger: logger,
                                                onTurns: { callID, callTurns in
                                                    try? await turns.append(callTurns, callID: callID, firstIndex: 0)
                                                }) { placer in
            try await body(placer)
        }
    }
}

/// FreeSWITCH or Asterisk (`PBX=freeswitch|asterisk`) in `serve`: one ``SharedPBXLine`` opened
/// once, as a service of the group, for every campaign and test call, each placer with the call
/// runner of its campaign's scenario. Started before the dialler and stopped after it, so live
/// calls finish on an open line.
public final class PBXLineService: Service, CallLineProvider {
    public let shared: SharedPBXLine
    public let database: Database
    /// How long a campaign starting while the PBX is (re)connecting waits for the line.
    public let connectWait: Duration
    public var name: String { shared.configuration.kind.rawValue }
    public var configuration: PBXConfiguration { shared.configuration }

    public init(configuration: PBXConfiguration, options: PBXLine.Options, database: Database) {
        shared = SharedPBXLine(configuration: configuration, options: options)
        self.database = database
        connectWait = options.connectTimeout + .seconds(5)
    }

    public func run() async throws {
        await shared.run(until: { try? await gracefulShutdown() })
    }

    public func withPlacer<T: Sendable>(scenario: Scenario, _ body: @escaping @Sendable (any CallPlacer) async throws -> T) async throws -> T {
        let turns = database.callTurns
        let placer = try await shared.placer(scenario: scenario, onTurns: { callID, callTurns in
            try? await turns.append(callTurns, callID: callID, firstIndex: 0)
        }, waiting: connectWait)
        return try await body(placer)
    }
}
