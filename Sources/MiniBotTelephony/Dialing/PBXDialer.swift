import struct Foundation.UUID

/// One outbound call attempt through whatever PBX is configured (FreeSWITCH, Asterisk ARI, the
/// simulated PBX). The dialer (campaign rules) only sees this protocol, so changing PBX is a
/// configuration choice, not a code change.
///
/// `dial` returns once the attempt has an outcome: the callee answered (then the attempt carries
/// the live ``CallSession``) or the call failed with a Q.850 cause.
/// ```swift
/// let attempt = try await dialer.dial(DialRequest(number: "0612345678", callerID: "0187654321"))
/// if case .answered = attempt.outcome, let session = attempt.session {
///     await runner.run(session)
/// }
/// ```
public protocol PBXDialer: Sendable {
    /// Places the call and waits for its outcome. Throws only when the request itself is invalid
    /// or the PBX cannot be reached; a refused call is an outcome, not an error.
    func dial(_ request: DialRequest) async throws -> DialAttempt
}

/// What to dial. `callID` becomes the PBX's channel id (FreeSWITCH `origination_uuid`, ARI
/// `channelId`), so logs, recordings and the media stream all share one id.
/// ```swift
/// var request = DialRequest(number: "+33612345678", callerID: "0187654321", ringTimeoutSeconds: 25)
/// request.detectsAnsweringMachine = true
/// ```
public struct DialRequest: Sendable, Hashable {
    public var callID: UUID
    /// Digits to dial, optionally with a leading `+` (also `*` and `#`).
    public var number: String
    /// Presented caller number, when the trunk allows choosing it.
    public var callerID: String?
    /// How long the phone may ring before the attempt counts as no answer.
    public var ringTimeoutSeconds: Int
    /// Ask the PBX to run its answering-machine detection (FreeSWITCH mod_amd, Asterisk `AMD()`).
    public var detectsAnsweringMachine: Bool
    /// Extra channel variables (campaign id, contact id…), passed to the PBX as is.
    public var variables: [String: String]

    public init(callID: UUID = UUID(), number: String, callerID: String? = nil, ringTimeoutSeconds: Int = 30,
                detectsAnsweringMachine: Bool = false, variables: [String: String] = [:]) {
        self.callID = callID
        self.number = number
        self.callerID = callerID
        self.ringTimeoutSeconds = ringTimeoutSeconds
        self.detectsAnsweringMachine = detectsAnsweringMachine
        self.variables = variables
    }
}

/// The result of ``PBXDialer/dial(_:)``: the outcome, the live session when answered, and the
/// PBX's own answering-machine verdict when it ran one.
public struct DialAttempt: Sendable {
    public var callID: UUID
    public var outcome: DialOutcome
    /// Present exactly when ``outcome`` is ``DialOutcome/answered``.
    public var session: (any CallSession)?
    public var machineDetection: PBXMachineDetection?

    public init(callID: UUID, outcome: DialOutcome, session: (any CallSession)? = nil,
                machineDetection: PBXMachineDetection? = nil) {
        self.callID = callID
        self.outcome = outcome
        self.session = session
        self.machineDetection = machineDetection
    }
}

/// The verdict of the PBX's answering-machine detection (Asterisk `AMDSTATUS`/`AMDCAUSE`,
/// FreeSWITCH mod_amd `amd_result`/`amd_cause`).
/// ```swift
/// PBXMachineDetection(status: "MACHINE", cause: "INITIALSILENCE-2500-2500").verdict  // .machine
/// ```
public struct PBXMachineDetection: Sendable, Hashable {
    public var verdict: AMDVerdict
    /// The PBX's reason text, e.g. `"LONGGREETING-2000-1500"`.
    public var cause: String?

    public init(verdict: AMDVerdict, cause: String? = nil) {
        self.verdict = verdict
        self.cause = cause
    }

    /// Parses the PBX's status word (`HUMAN`, `MACHINE`, `NOTSURE`, `HANGUP`, any case); nil otherwise.
    public init?(status: String, cause: String? = nil) {
        guard let verdict = AMDVerdict(status: status) else { return nil }
        self.verdict = verdict
        self.cause = cause.flatMap { $0.isEmpty ? nil : $0 }
    }
}
