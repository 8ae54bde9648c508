import Foundation
import MiniBotTelephony
import NIOCore
import NIOPosix
import NIOWebSocket
import Synchronization

/// A FreeSWITCH stand-in speaking the Event Socket protocol byte for byte (greeting
/// `auth/request`, `command/reply` with `Reply-Text`, `api/response` with `Content-Length`,
/// `text/event-plain` with URL-encoded headers or `text/event-json`, `text/disconnect-notice`),
/// with scripted callees: originate answers, is busy (17), unanswered (19), unallocated (1), or
/// hangs up mid-prompt. On `uuid_audio_stream … start ws://…` it connects to that URL and sends
/// binary L16 frames like mod_audio_stream. Every API command it receives is recorded.
///
/// Nothing here sleeps: playback ends when a test calls ``completePlayback(callID:)`` (or at once
/// with `autoCompletePlayback`), DTMF and hangups are sent on demand.
/// ```swift
/// let fake = try await FakeFreeSwitch.start(configuration: .init(scenarios: ["0600000001": .busy]))
/// group.addTask { try await fake.run() }       // performs the audio-stream jobs
/// // … ESLClient(configuration: .init(port: fake.port)) …
/// fake.receivedCommands                           // ["originate {…}sofia/gateway/gw1/0600000001 &park()", …]
/// ```
public final class FakeFreeSwitch: Sendable {
    /// How a dialled number behaves.
    public enum Scenario: Sendable, Hashable {
        /// Answers; sends `callerAudio` over the audio stream in chunks of `chunkBytes` bytes;
        /// hangs up (NORMAL_CLEARING) after the audio when `hangsUpAfterAudio`; reports
        /// `machineDetection` (`"MACHINE"`, `"HUMAN"`) when the originate asks for mod_amd.
        case answer(callerAudio: [[Int16]] = [], chunkBytes: Int = 300, hangsUpAfterAudio: Bool = false,
                    machineDetection: String? = nil)
        case busy
        case noAnswer
        case unallocated
        /// Answers, then hangs up (NORMAL_CLEARING) as soon as the first prompt starts.
        case hangupMidPrompt
        /// Fails with any cause name and Q.850 code.
        case fail(causeName: String, code: Int)
    }

    public struct Configuration: Sendable {
        public var password: String
        public var scenarios: [String: Scenario]
        public var defaultScenario: Scenario
        /// Send PLAYBACK_STOP (done) right after PLAYBACK_START instead of waiting for the test.
        public var autoCompletePlayback: Bool
        /// API verbs the fake records but never answers (to test lost replies and disconnects).
        public var unansweredVerbs: Set<String> = []
        /// Keep each audio stream open after the scripted caller audio, for ``sendAudio(_:callID:)``,
        /// until the call ends (a callee that reacts to the bot, like a real one).
        public var keepsAudioStreamOpen = false
        /// What `module_exists` answers `true` for (a real switch without the community mod_amd says false).
        public var loadedModules: Set<String> = ["mod_event_socket", "mod_commands", "mod_dptools", "mod_sofia",
                                                 "mod_loopback", "mod_audio_stream", "mod_amd"]

        public init(password: String = "ClueCon", scenarios: [String: Scenario] = [:],
                    defaultScenario: Scenario = .answer(), autoCompletePlayback: Bool = false) {
            self.password = password
            self.scenarios = scenarios
            self.defaultScenario = defaultScenario
            self.autoCompletePlayback = autoCompletePlayback
        }
    }

    struct Connection {
        var channel: any Channel
        var authenticated = false
        var format: ESLEventFormat?
        var names: Set<String> = []
        var filters: [(String, String)] = []
    }

    struct Call {
        var number: String
        var scenario: Scenario
        var variables: [String: String]
        var playbackQueue: [String] = []
        var audioStreamURL: String?
    }

    struct State {
        var connections: [ObjectIdentifier: Connection] = [:]
        var calls: [UUID: Call] = [:]
        var commands: [String] = []
        var authentications = 0
        var subscriptions: [String] = []
        var audioStreamsOpened = 0
        var failedAuthentications = 0
        var waiters: [(predicate: @Sendable (Snapshot) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []
        /// The second leg (`…-b`) of each `loopback/` call, whose events carry their own Unique-ID.
        var loopbackLegs: [UUID: UUID] = [:]
        /// Open audio streams of calls in progress (``Configuration/keepsAudioStreamOpen``).
        var liveAudio: [UUID: AsyncStream<[[Int16]]>.Continuation] = [:]

        var snapshot: Snapshot {
            Snapshot(commands: commands, authentications: authentications, failedAuthentications: failedAuthentications,
                     subscriptions: subscriptions, openConnections: connections.count)
        }
    }

    /// What a test may wait for (see ``waitUntil(_:)``).
    public struct Snapshot: Sendable {
        public var commands: [String]
        public var authentications: Int
        public var failedAuthentications: Int
        public var subscriptions: [String]
        public var openConnections: Int
    }

    enum Job: Sendable {
        case streamAudio(callID: UUID, url: String, frames: [[Int16]], chunkBytes: Int, hangUpAfter: Bool,
                         live: AsyncStream<[[Int16]]>?)
    }

    let configuration: Configuration
    let state = Mutex(State())
    let jobs: AsyncStream<Job>
    let jobSink: AsyncStream<Job>.Continuation
    private let serverChannel: any Channel
    let coreUUID = UUID()

    /// The port FreeSWITCH's ESL listens on (picked by the system).
    public var port: Int { serverChannel.localAddress?.port ?? 0 }

    private init(configuration: Configuration, serverChannel: any Channel,
                 jobs: (AsyncStream<Job>, AsyncStream<Job>.Continuation)) {
        self.configuration = configuration
        self.serverChannel = serverChannel
        self.jobs = jobs.0
        self.jobSink = jobs.1
    }

    public static func start(configuration: Configuration = Configuration(),
                             eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> FakeFreeSwitch {
        let box = FakeBox()
        let jobs = AsyncStream.makeStream(of: Job.self)
        let channel = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeESLConnectionHandler(fake: box.fake))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let fake = FakeFreeSwitch(configuration: configuration, serverChannel: channel, jobs: jobs)
        box.fake = fake
        return fake
    }

    /// Runs the media side (audio-stream WebSocket clients) until cancelled; then closes the listener.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await job in jobs {
                group.addTask { await self.perform(job) }
            }
        }
    }

    public func shutdown() {
        jobSink.finish()
        let live = state.withLock { state -> [AsyncStream<[[Int16]]>.Continuation] in
            defer { state.liveAudio = [:] }
            return Array(state.liveAudio.values)
        }
        live.forEach { $0.finish() }
        serverChannel.close(promise: nil)
        let channels = state.withLock { $0.connections.values.map(\.channel) }
        channels.forEach { $0.close(promise: nil) }
    }

    // MARK: Observations

    /// API commands received (`api` and `bgapi` lines without the verb), in order.
    public var receivedCommands: [String] { state.withLock { $0.commands } }
    public var authenticationCount: Int { state.withLock { $0.authentications } }
    /// `event …` and `filter …` lines received, in order.
    public var subscriptions: [String] { state.withLock { $0.subscriptions } }
    public var openConnectionCount: Int { state.withLock { $0.connections.count } }
    public var liveCallIDs: [UUID] { state.withLock { Array($0.calls.keys) } }
    public var audioStreamsOpened: Int { state.withLock { $0.audioStreamsOpened } }

    /// Suspends until `predicate` holds (checked after every command and connection change).
    public func waitUntil(_ predicate: @escaping @Sendable (Snapshot) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if predicate(state.snapshot) { return true }
                state.waiters.append((predicate, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func notifyWaiters() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let snapshot = state.snapshot
            var ready: [CheckedContinuation<Void, Never>] = []
            state.waiters.removeAll { waiter in
                guard waiter.predicate(snapshot) else { return false }
                ready.append(waiter.continuation)
                return true
            }
            return ready
        }
        ready.forEach { $0.resume() }
    }

    public func commands(startingWith prefix: String) -> [String] {
        receivedCommands.filter { $0.hasPrefix(prefix) }
    }

    // MARK: Driving calls

    /// The caller presses a key.
    public func sendDTMF(_ digit: Character, callID: UUID) {
        broadcast(event("DTMF", callID: callID, ["DTMF-Digit": String(digit), "DTMF-Duration": "2000", "DTMF-Source": "RTP"]))
    }

    /// The prompt playing on `callID` ends normally (PLAYBACK_STOP, status done); the next queued one starts.
    public func completePlayback(callID: UUID) {
        finishHeadPlayback(callID: callID, status: "done")
    }

    /// The callee hangs up.
    public func hangUp(callID: UUID, causeName: String = "NORMAL_CLEARING", code: Int = 16) {
        guard state.withLock({ $0.calls.removeValue(forKey: callID) }) != nil else { return }
        endLiveAudio(callID: callID)
        broadcast(hangupEvents(callID: callID, causeName: causeName, code: code))
    }

    /// The callee says something: `frames` go out on the call's open audio stream (needs
    /// ``Configuration/keepsAudioStreamOpen``). False when the call has no open stream.
    @discardableResult
    public func sendAudio(_ frames: [[Int16]], callID: UUID) -> Bool {
        guard let live = state.withLock({ $0.liveAudio[callID] }) else { return false }
        live.yield(frames)
        return true
    }

    func endLiveAudio(callID: UUID) {
        state.withLock { $0.liveAudio.removeValue(forKey: callID) }?.finish()
    }

    /// Drops every ESL connection abruptly (no disconnect notice), like a FreeSWITCH restart.
    public func dropConnections() {
        let channels = state.withLock { state -> [any Channel] in
            defer { state.connections = [:] }
            return state.connections.values.map(\.channel)
        }
        channels.forEach { $0.close(promise: nil) }
        notifyWaiters()
    }

    /// Like a FreeSWITCH restart: every call vanishes without a hangup event reaching anyone, and
    /// every ESL connection drops. Clients reconnect to the same port.
    public func restart() {
        let ids = state.withLock { state -> [UUID] in
            defer {
                state.calls = [:]
                state.loopbackLegs = [:]
            }
            return Array(state.calls.keys)
        }
        ids.forEach(endLiveAudio)
        dropConnections()
    }

    // MARK: Media

    private func perform(_ job: Job) async {
        switch job {
        case .streamAudio(let callID, let url, let frames, let chunkBytes, let hangUpAfter, let live):
            do {
                guard !Task.isCancelled else { return }
                let ws = try await PBXWebSocketClient.connect(url: url)
                state.withLock { $0.audioStreamsOpened += 1 }
                // Safety net for teardown: a server that stopped serving never answers our close.
                var deadline = ws.channel.eventLoop.scheduleTask(in: .seconds(2)) { ws.channel.close(promise: nil) }
                defer { deadline.cancel() }
                try await ws.executeThenClose { inbound, outbound in
                    // mod_audio_stream sends the metadata text first when given.
                    try await outbound.write(PBXWebSocketClient.frame(.text, ByteBuffer(string: "{\"callId\":\"\(callID.uuidString.lowercased())\"}")))
                    try await Self.write(frames, chunkBytes: chunkBytes, to: outbound)
                    if let live {
                        deadline.cancel()
                        for await more in live { try await Self.write(more, chunkBytes: chunkBytes, to: outbound) }
                    }
                    // Close and wait for the server's close reply: it comes after every frame was handled.
                    if live != nil {
                        deadline = ws.channel.eventLoop.scheduleTask(in: .seconds(2)) { ws.channel.close(promise: nil) }
                    }
                    try await outbound.write(PBXWebSocketClient.closeFrame())
                    for try await frame in inbound where frame.opcode == .connectionClose { break }
                }
            } catch {
                // The bot refused the stream or went away: like mod_audio_stream, just stop.
            }
            if hangUpAfter { hangUp(callID: callID) }
        }
    }

    /// Sends L16 little-endian frames as binary messages of `chunkBytes` bytes, like mod_audio_stream.
    static func write(_ frames: [[Int16]], chunkBytes: Int, to outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) async throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(frames.count * 320)
        for frame in frames {
            for sample in frame {
                let bits = UInt16(bitPattern: sample)
                bytes.append(UInt8(bits & 0xff))
                bytes.append(UInt8(bits >> 8))
            }
        }
        var start = 0
        let size = max(1, chunkBytes)
        while start < bytes.count {
            let end = min(bytes.count, start + size)
            try await outbound.write(PBXWebSocketClient.frame(.binary, ByteBuffer(bytes: bytes[start..<end])))
            start = end
        }
    }
}

/// Lets the child-channel initializer reach the fake created after `bind`.
final class FakeBox: @unchecked Sendable {
    private let lock = Mutex<FakeFreeSwitch?>(nil)
    var fake: FakeFreeSwitch? {
        get { lock.withLock { $0 } }
        set { lock.withLock { $0 = newValue } }
    }
}
