import Foundation
import MiniBotTelephony

/// Which PBX a live campaign dials through, and how to reach it, read from the environment
/// variables the seeds used (`PBX`, `FREESWITCH_*`, `ASTERISK_*`, `AUDIO_STREAM_*`,
/// `AUDIOSOCKET_*`, `CALLER_ID`, `RING_TIMEOUT`, `AMD_*`).
///
/// Parsing is pure (a dictionary in, a value or a ``PBXConfigurationError`` naming the variable
/// out), so a typo in a deployment's `.env` is reported before any socket opens:
/// ```swift
/// let configuration = try PBXConfiguration(environment: ["PBX": "freeswitch", "FREESWITCH_GATEWAY": "sfr"])
/// configuration.kind                       // .freeswitch
/// configuration.freeSwitch?.eslPort        // 8021
/// try PBXConfiguration(environment: ["PBX": "freeswitch", "FREESWITCH_ESL_PORT": "80a"])
/// // throws: FREESWITCH_ESL_PORT='80a': not a TCP port (1-65535)
/// ```
public struct PBXConfiguration: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case freeswitch, asterisk, simulated
    }

    /// FreeSWITCH over the Event Socket, caller audio from mod_audio_stream (docs/pbx/freeswitch.md).
    public struct FreeSwitch: Sendable, Equatable {
        public var eslHost = "127.0.0.1"
        public var eslPort = 8021
        public var eslPassword = "ClueCon"
        public var gateway = "gateway1"
        /// `FREESWITCH_DIAL_STRING`: where `originate` sends the call, `{number}` replaced by the dialled
        /// number; nil: `sofia/gateway/<gateway>/{number}` (see ``dialStringTemplate``).
        public var dialString: String?
        /// Where prompts are written for `uuid_broadcast`; FreeSWITCH must read the same path.
        public var soundsDirectory = "/usr/share/freeswitch/sounds/minibot"
        /// Live transfers: the agent's dial string (`FREESWITCH_TRANSFER_DIAL_STRING`, `{target}`) and the
        /// context of the transfer extension (`FREESWITCH_TRANSFER_CONTEXT`, docs/pbx/freeswitch.md).
        public var transfer = FreeSwitchTransferConfiguration()
        /// Our mod_audio_stream WebSocket listener.
        public var audioStreamHost = "0.0.0.0"
        public var audioStreamPort = 8080
        /// `ws://…` FreeSWITCH connects to when the bot is not on its loopback; nil: built from host/port.
        public var audioStreamURL: String?

        public init() {}

        /// The dial string actually used: ``dialString`` or the gateway's `sofia/gateway/<gateway>/{number}`.
        public var dialStringTemplate: String { dialString ?? "sofia/gateway/\(gateway)/{number}" }
    }

    /// Asterisk over ARI, caller audio from `externalMedia` over AudioSocket (docs/pbx/asterisk.md).
    public struct Asterisk: Sendable, Equatable {
        public var ariURL = "http://127.0.0.1:8088"
        public var username = "minibot"
        public var password = ""
        public var application = "minibot"
        /// `{number}` is replaced by the dialled number.
        public var endpointTemplate = "PJSIP/{number}@trunk"
        /// Dialplan context running `AMD()` then `Stasis()`; nil: AMD requests dial straight into Stasis.
        public var machineDetectionContext: String? = "minibot-amd"
        /// Our AudioSocket listener.
        public var audioSocketHost = "127.0.0.1"
        public var audioSocketPort = 9092
        /// `host:port` Asterisk connects to; nil: the listener's own address (loopback when bound to 0.0.0.0).
        public var audioSocketPublicAddress: String?
        /// Live transfers: endpoint of a logical target (`ASTERISK_TRANSFER_ENDPOINT`, `{target}`), and the
        /// device whose state is checked first (`ASTERISK_TRANSFER_DEVICE`, e.g. `PJSIP/{target}`; nil: no check),
        /// and the dialplan context that dials the agent (`ASTERISK_TRANSFER_CONTEXT`, docs/pbx/asterisk.md).
        public var transfer = ARITransferConfiguration()

        public init() {}
    }

    public var kind: Kind
    public var freeSwitch: FreeSwitch?
    public var asterisk: Asterisk?
    /// Presented number (`CALLER_ID`); nil: the trunk's default.
    public var callerID: String?
    /// Ring time before a call counts as no answer (`RING_TIMEOUT`, seconds; `CALL_TIMEOUT` is the longest call).
    public var ringTimeoutSeconds: Int
    /// Ask the PBX to run its answering-machine detection (`AMD_ENABLED`).
    public var pbxMachineDetection: Bool
    /// Also run our in-process detector on the first seconds of audio (`AMD_DUAL_LAYER`).
    public var dualLayerMachineDetection: Bool

    public init(kind: Kind, freeSwitch: FreeSwitch? = nil, asterisk: Asterisk? = nil, callerID: String? = nil,
                ringTimeoutSeconds: Int = 30, pbxMachineDetection: Bool = true, dualLayerMachineDetection: Bool = true) {
        self.kind = kind
        self.freeSwitch = freeSwitch ?? (kind == .freeswitch ? FreeSwitch() : nil)
        self.asterisk = asterisk ?? (kind == .asterisk ? Asterisk() : nil)
        self.callerID = callerID
        self.ringTimeoutSeconds = ringTimeoutSeconds
        self.pbxMachineDetection = pbxMachineDetection
        self.dualLayerMachineDetection = dualLayerMachineDetection
    }

    /// The simulated PBX (dry runs, the demo).
    public static let simulated = PBXConfiguration(kind: .simulated)
}

/// A PBX variable with a value that cannot work; the message names the variable so the fix is obvious.
public struct PBXConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var variable: String
    public var value: String?
    public var reason: String

    public init(variable: String, value: String?, reason: String) {
        self.variable = variable
        self.value = value
        self.reason = reason
    }

    public var description: String {
        "\(variable)\(value.map { "='\($0)'" } ?? ""): \(reason)"
    }
}

extension PBXConfiguration {
    /// True when no real telephone can ring: the simulated PBX, or FreeSWITCH dialling its own
    /// `loopback/` endpoints (the test dialplan). Only then may calling hours be ignored.
    public var dialsNoRealPhone: Bool {
        kind == .simulated || (kind == .freeswitch && freeSwitch?.dialStringTemplate.hasPrefix("loopback/") == true)
    }
}
