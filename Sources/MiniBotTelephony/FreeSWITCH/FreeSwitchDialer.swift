import struct Foundation.UUID
import Logging
import Synchronization

/// ``PBXDialer`` for FreeSWITCH: `bgapi originate {origination_uuid=…,…}<dial string> &park()` (the dial
/// string defaults to `sofia/gateway/<gw>/<number>`),
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
        /// Where the call goes, `{number}` replaced by the dialled number (`FREESWITCH_DIAL_STRING`):
        /// `sofia/gateway/<gateway>/{number}` by default, or `user/{number}`, `sofia/external/{number}@host`,
        /// `loopback/{number}/<context>` (tests).
        public var dialString: String
        /// Where prompts are written as WAV for `uuid_broadcast` (must be readable by FreeSWITCH).
        public var soundsDirectory: String
        /// Added to the ring timeout to bound the wait for the originate job.
        public var jobTimeoutMargin: Duration
        /// The answering-machine application run on answer when a request asks for it (mod_amd).
        public var machineDetectionApplication: String
        public var machineDetectionTimeout: Duration
        /// How long a dial waits for the Event Socket while it reconnects (a FreeSWITCH restart) before failing.
        public var reconnectWait: Duration = .seconds(15)
        /// Where live transfers of these calls go (``FreeSwitchCallSession/transfer(_:)``).
        public var transfer = FreeSwitchTransferConfiguration()

        public init(gateway: String, soundsDirectory: String, dialString: String? = nil, jobTimeoutMargin: Duration = .seconds(15),
                    machineDetectionApplication: String = "amd", machineDetectionTimeout: Duration = .seconds(6)) {
            self.gateway = gateway
            self.dialString = dialString ?? "sofia/gateway/\(gateway)/{number}"
            self.soundsDirectory = soundsDirectory
            self.jobTimeoutMargin = jobTimeoutMargin
            self.machineDetectionApplication = machineDetectionApplication
            self.machineDetectionTimeout = machineDetectionTimeout
        }
    }

    public let configuration: Configuration
    private let client: ESLClient
    /// Whether the AMD application's module is loaded, per Event Socket connection generation.
    private let machineDetectionModule = ModuleCache()
    private let audioStreamModule = ModuleCache()
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
        try await waitForEventSocket()
        try await waitForAudioStreamModule()
        var request = request
        if request.detectsAnsweringMachine, !(await machineDetectionAvailable()) {
            // `execute_on_answer=<missing app>` makes FreeSWITCH hang the answered call up
            // (DESTINATION_OUT_OF_ORDER): without the module, leave AMD to the in-process detector.
            request.detectsAnsweringMachine = false
        }
        let command = try originateCommand(for: request)
        let id = request.callID
        let client = client
        let streams = audioStreams
        let session = FreeSwitchCallSession(
            callID: id,
            metadata: CallMetadata(transport: "freeswitch", attributes: [
                "number": request.number, "gateway": configuration.gateway,
                "dial_string": configuration.dialString.replacingOccurrences(of: "{number}", with: request.number)]),
            client: client, prompts: prompts, sampleRate: audioStreams.configuration.sampleRate, logger: logger,
            transferConfiguration: configuration.transfer,
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
            // Hung up between answer and the job result: answered, and already over.
            session.finish(.remoteHangup)
            logger.info("Call ended right after answer", metadata: ["call_id": "\(id)", "cause": "\(cause)"])
            return DialAttempt(callID: id, outcome: .answered, session: session)
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
            if session.recordedHangupCause != nil {
                // The callee hung up while we were starting the stream (`-ERR` for a gone channel): not a PBX failure.
                session.finish(.remoteHangup)
                return DialAttempt(callID: id, outcome: .answered, session: session, machineDetection: machineDetection)
            }
            logger.error("uuid_audio_stream failed; hanging up", metadata: ["call_id": "\(id)", "error": "\(error)"])
            await session.hangup()
            throw error
        }
        return DialAttempt(callID: id, outcome: .answered, session: session, machineDetection: machineDetection)
    }

    /// Waits (bounded by ``Configuration/reconnectWait``) while the Event Socket reconnects, so a
    /// FreeSWITCH restart delays the next dials instead of failing them.
    private func waitForEventSocket() async throws {
        guard !client.isConnected else { return }
        let client = client
        let connected = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await client.waitUntilConnected()) != nil }
            group.addTask {
                try? await Task.sleep(for: configuration.reconnectWait)
                return false
            }
            defer { group.cancelAll() }
            return await group.next() ?? false
        }
        guard connected else { throw ESLCommandError.notConnected }
    }

    /// A restarting FreeSWITCH accepts Event Socket connections before it has loaded every module:
    /// a call answered then would fail on `uuid_audio_stream` (`-ERR … Command not found!`). Once per
    /// connection, wait (bounded by ``Configuration/reconnectWait``) until `module_exists mod_audio_stream`.
    private func waitForAudioStreamModule() async throws {
        let generation = client.connectionGeneration
        if audioStreamModule.known.withLock({ $0?.generation == generation && $0?.loaded == true }) { return }
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.reconnectWait
        while true {
            if (try? await client.api("module_exists mod_audio_stream"))?.trimmingCharacters() == "true" {
                audioStreamModule.known.withLock { $0 = (generation, true) }
                return
            }
            guard clock.now < deadline else {
                throw ESLCommandError.rejected("mod_audio_stream is not loaded in FreeSWITCH (module_exists mod_audio_stream is false)")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// `module_exists mod_<application>` once per Event Socket connection (a restart may load it).
    private func machineDetectionAvailable() async -> Bool {
        let generation = client.connectionGeneration
        if let known = machineDetectionModule.known.withLock({ $0 }), known.generation == generation { return known.loaded }
        let module = "mod_\(configuration.machineDetectionApplication)"
        let loaded = (try? await client.api("module_exists \(module)"))?.trimmingCharacters() == "true"
        if !loaded {
            logger.warning("\(module) is not loaded in FreeSWITCH: answering-machine detection is left to the in-process detector",
                           metadata: ["module": "\(module)"])
        }
        machineDetectionModule.known.withLock { $0 = (generation, loaded) }
        return loaded
    }

    /// The originate command text (exposed for tests and logs).
    public func originateCommand(for request: DialRequest) throws -> String {
        try Self.originateCommand(for: request, dialString: configuration.dialString,
                                  machineDetectionApplication: configuration.machineDetectionApplication)
    }

    /// Builds `originate {vars}sofia/gateway/<gateway>/<number> &park()`.
    public static func originateCommand(for request: DialRequest, gateway: String,
                                        machineDetectionApplication: String = "amd") throws -> String {
        try FreeSwitchArgument.check(gateway)
        return try originateCommand(for: request, dialString: "sofia/gateway/\(gateway)/{number}",
                                    machineDetectionApplication: machineDetectionApplication)
    }

    /// Builds `originate {vars}<dial string with the number> &park()`; refuses variable names
    /// or values that would break FreeSWITCH's `{…}` syntax (commas are escaped), and dial strings
    /// without `{number}` or with spaces or braces.
    public static func originateCommand(for request: DialRequest, dialString: String,
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
        try FreeSwitchArgument.check(dialString)
        guard dialString.contains("{number}"),
              !dialString.replacingOccurrences(of: "{number}", with: "").contains(where: { $0 == "{" || $0 == "}" }) else {
            throw ESLCommandError.invalidArgument(dialString)
        }
        return "originate {\(text)}\(dialString.replacingOccurrences(of: "{number}", with: request.number)) &park()"
    }

    static func isDialable(_ number: String) -> Bool {
        let body = number.hasPrefix("+") ? number.dropFirst() : Substring(number)
        return !body.isEmpty && body.count <= 32 && body.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "*" || $0 == "#") }
    }
}

/// What `module_exists` said, and under which connection generation.
final class ModuleCache: Sendable {
    let known = Mutex<(generation: Int, loaded: Bool)?>(nil)
}

extension StringProtocol {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
