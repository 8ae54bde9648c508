import Foundation
import Logging
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotStorage

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
                                                    try? await turns.append(CallTurn.stored(callTurns, callID: callID))
                                                }) { placer in
            try await body(placer)
        }
    }
}

extension CallTurn {
    /// The call engine's turns as stored rows of call `callID`.
    public static func stored(_ turns: [Turn], callID: Int64) -> [CallTurn] {
        turns.enumerated().map { index, turn in
            CallTurn(callID: callID, index: index, speaker: turn.speaker == .bot ? .bot : .caller, text: turn.text,
                     intent: turn.intent, confidence: turn.confidence,
                     sentiment: turn.sentiment.flatMap { MiniBotDialer.Sentiment(rawValue: $0.rawValue.uppercased()) },
                     startMs: turn.startMs, endMs: turn.endMs)
        }
    }
}

/// FreeSWITCH or Asterisk (`PBX=freeswitch|asterisk`): each running campaign opens the
/// connector's services for its scenario through ``PBXLine``.
///
/// One campaign at a time per PBX line: the media listener (`AUDIO_STREAM_PORT`,
/// `AUDIOSOCKET_PORT`) is bound per line, so a second simultaneous campaign fails to start
/// with a clear "address in use" error in the log instead of stealing the first one's calls.
public struct PBXLineProvider: CallLineProvider {
    public var configuration: PBXConfiguration
    public var options: PBXLine.Options
    public var database: Database
    public var name: String { configuration.kind.rawValue }

    public init(configuration: PBXConfiguration, options: PBXLine.Options, database: Database) {
        self.configuration = configuration
        self.options = options
        self.database = database
    }

    public func withPlacer<T: Sendable>(scenario: Scenario, _ body: @escaping @Sendable (any CallPlacer) async throws -> T) async throws -> T {
        let turns = database.callTurns
        return try await PBXLine.withLine(configuration: configuration, scenario: scenario, options: options,
                                          onTurns: { callID, callTurns in
                                              try? await turns.append(CallTurn.stored(callTurns, callID: callID))
                                          }, body)
    }
}
