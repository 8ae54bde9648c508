import Logging
import MiniBotCalls
import MiniBotDialogue
import MiniBotDispatch

/// The telephone line calls go through, chosen once from ``PBXConfiguration`` (`PBX=`, or the
/// CLI's `--dry-run`): the simulated PBX over loopback AudioSocket, or FreeSWITCH / Asterisk.
///
/// Why one choice: `minibot campaign launch`, `minibot call test` and `serve` each used to test
/// `pbx.kind == .simulated` and build their own options; the rule (a real PBX needs a recognizer,
/// built only then) now lives in ``choose(_:simulated:pbx:)``.
/// ```swift
/// let line = try await CallLine.choose(pbx, simulated: SimulatedLine.Options(recordingsDirectory: "recordings")) {
///     PBXLine.Options(recognizer: try await LiveRecognizer.make(environment: environment))
/// }
/// try await line.with(scenario: scenario, logger: logger, onTurns: { _, _ in }) { placer in … }
/// ```
public enum CallLine: Sendable {
    case simulated(SimulatedLine.Options)
    case pbx(PBXConfiguration, PBXLine.Options)

    /// The simulated line for `PBX=simulated`, else the connector with the options `pbx` builds
    /// (called only for a real PBX, so a dry run never loads a speech model).
    public static func choose(_ configuration: PBXConfiguration, simulated: SimulatedLine.Options,
                              pbx options: () async throws -> PBXLine.Options) async throws -> CallLine {
        switch configuration.kind {
        case .simulated: .simulated(simulated)
        case .freeswitch, .asterisk: .pbx(configuration, try await options())
        }
    }

    /// `simulated`, `freeswitch` or `asterisk`, for logs and `/health`.
    public var name: String {
        switch self {
        case .simulated: PBXConfiguration.Kind.simulated.rawValue
        case .pbx(let configuration, _): configuration.kind.rawValue
        }
    }

    /// Opens the line for `scenario` while `body` runs with its placer.
    public func with<T: Sendable>(scenario: Scenario, logger: Logger, onTurns: @escaping @Sendable (Int64, [Turn]) async -> Void,
                                  _ body: @escaping @Sendable (any CallPlacer) async throws -> T) async throws -> T {
        switch self {
        case .simulated(let options):
            try await SimulatedLine.withLine(scenario: scenario, options: options, logger: logger, onTurns: onTurns) {
                try await body($0)
            }
        case .pbx(let configuration, let options):
            try await PBXLine.withLine(configuration: configuration, scenario: scenario, options: options,
                                       onTurns: onTurns, body)
        }
    }
}
