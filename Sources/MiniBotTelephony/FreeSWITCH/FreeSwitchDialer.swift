import struct Foundation.UUID
import Logging

/// ``PBXDialer`` for FreeSWITCH: `bgapi originate {origination_uuid=…,…}sofia/gateway/<gw>/<number> &park()`,
/// outcome from the job's `+OK` / `-ERR <CAUSE>` (and the channel's `variable_hangup_cause_q850`),
/// then caller audio through `uuid_audio_stream <uuid> start ws://…/<uuid> mono 8k` into our
/// ``AudioStreamServer``.
/// ```swift
/// let dialer = FreeSwitchDialer(client: esl, audioStreams: streams,
///                               configuration: .init(gateway: "gateway1", soundsDirectory: "/var/lib/minibot/sounds"))
/// let attempt = try await dialer.dial(DialRequest(number: "0612345678"))
/// ```
public struct FreeSwitchDialer: PBXDialer {
    /// `FREESWITCH_GATEWAY`, `FREESWITCH_SOUNDS_DIR` and the media options.
    public struct Configuration: Sendable {
        public var gateway: String
        /// Where prompts are written as WAV for `uuid_broadcast` (must be readable by FreeSWITCH).
        public var soundsDirectory: String
        /// Added to the ring timeout to bound the wait for the originate job.
        public var jobTimeoutMargin: Duration
        /// The answering-machine application run on answer when a request asks for it (mod_amd).
        public var machineDetectionApplication: String
        public var machineDetectionTimeout: Duration

        public init(gateway: String, soundsDirectory: String, jobTimeoutMargin: Duration = .seconds(15),
                    machineDetectionApplication: String = "amd", machineDetectionTimeout: Duration = .seconds(6)) {
            self.gateway = gateway
            self.soundsDirectory = soundsDirectory
            self.jobTimeoutMargin = jobTimeoutMargin
            self.machineDetectionApplication = machineDetectionApplication
            self.machineDetectionTimeout = machineDetectionTimeout
        }
    }

    public let configuration: Configuration
    private let client: ESLClient
    private let audioStreams: AudioStreamServer
    private let prompts: PromptFileStore
    private let logger: Logger

    public init(client: ESLClient, audioStreams: AudioStreamServer, configuration: Configuration,
                logger: Logger = Logger(label: "minibot.freeswitch")) {
        self.client = client
        self.audioStreams = audioStreams
        self.configuration = configuration
        self.prompts = PromptFileStore(directory: configuration.soundsDirectory)
        self.logger = logger
    }

    public func dial(_ request: DialRequest) async throws -> DialAttempt {
        guard Self.isDialable(request.number) else {
            return DialAttempt(callID: request.callID, outcome: .invalidNumber(Q850Cause(code: 28)))
        }
        let command = try originateCommand(for: request)
        let id = request.callID
        let client = client
        let streams = audioStreams
        let session = FreeSwitchCallSession(
            callID: id,
            metadata: CallMetadata(transport: "freeswitch", attributes: ["number": request.number, "gateway": configuration.gateway]),
            client: client, prompts: prompts, sampleRate: audioStreams.configuration.sampleRate, logger: logger,
            onEnd: {
                client.stopObserving(channel: id)
                streams.forget(callID: id)
            })
        client.observe(channel: id) { [weak session] event in session?.receive(event) }
        let result: String
        do {
            result = try await client.bgapi(command, timeout: .seconds(request.ringTimeoutSeconds) + configuration.jobTimeoutMargin)
        } catch {
            client.stopObserving(channel: id)
            throw error
        }
        guard result.hasPrefix("+OK") else {
            client.stopObserving(channel: id)
            let name = result.hasPrefix("-ERR") ? String(result.dropFirst(4)).trimmingCharacters() : result
            let cause = session.recordedHangupCause ?? Q850Cause(name: name) ?? Q850Cause(code: 0, name: name.isEmpty ? "UNSPECIFIED" : name)
            return DialAttempt(callID: id, outcome: DialOutcome(unansweredCause: cause))
        }
        session.markAnswered()
        if let cause = session.recordedHangupCause {
            // Hung up between answer and the job result.
            session.finish(.remoteHangup)
            logger.info("Call ended right after answer", metadata: ["call_id": "\(id)", "cause": "\(cause)"])
        }
        var machineDetection: PBXMachineDetection?
        if request.detectsAnsweringMachine {
            machineDetection = await session.machineDetection(timeout: configuration.machineDetectionTimeout)
        }
        audioStreams.expect(callID: id) { [weak session] frame in session?.receive(audio: frame) }
        let rate = audioStreams.configuration.sampleRate == 16000 ? "16k" : "8k"
        do {
            try await client.api("uuid_audio_stream \(id.uuidString.lowercased()) start \(audioStreams.streamURL(for: id)) mono \(rate)")
        } catch {
            logger.error("uuid_audio_stream failed; hanging up", metadata: ["call_id": "\(id)", "error": "\(error)"])
            await session.hangup()
            throw error
        }
        return DialAttempt(callID: id, outcome: .answered, session: session, machineDetection: machineDetection)
    }

    /// The originate command text (exposed for tests and logs).
    public func originateCommand(for request: DialRequest) throws -> String {
        try Self.originateCommand(for: request, gateway: configuration.gateway,
                                  machineDetectionApplication: configuration.machineDetectionApplication)
    }

    /// Builds `originate {vars}sofia/gateway/<gateway>/<number> &park()`; refuses variable names
    /// or values that would break FreeSWITCH's `{…}` syntax (commas are escaped).
    public static func originateCommand(for request: DialRequest, gateway: String,
                                        machineDetectionApplication: String = "amd") throws -> String {
        var variables: [(String, String)] = [
            ("origination_uuid", request.callID.uuidString.lowercased()),
            ("ignore_early_media", "true"),
            ("originate_timeout", "\(max(1, request.ringTimeoutSeconds))"),
        ]
        if let callerID = request.callerID {
            guard Self.isDialable(callerID) else { throw ESLCommandError.invalidArgument(callerID) }
            variables.append(("origination_caller_id_number", callerID))
        }
        if request.detectsAnsweringMachine {
            variables.append(("execute_on_answer", machineDetectionApplication))
        }
        for (name, value) in request.variables.sorted(by: { $0.key < $1.key }) {
            variables.append((name, value))
        }
        let text = try variables.map { name, value -> String in
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw ESLCommandError.invalidArgument(name)
            }
            if value.contains(where: { $0.isNewline || $0 == "{" || $0 == "}" || $0 == "'" || $0.isWhitespace }) {
                throw ESLCommandError.invalidArgument(value)
            }
            return "\(name)=\(value.replacingOccurrences(of: ",", with: "\\,"))"
        }.joined(separator: ",")
        try FreeSwitchArgument.check(gateway)
        return "originate {\(text)}sofia/gateway/\(gateway)/\(request.number) &park()"
    }

    static func isDialable(_ number: String) -> Bool {
        let body = number.hasPrefix("+") ? number.dropFirst() : Substring(number)
        return !body.isEmpty && body.count <= 32 && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }
    }
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
