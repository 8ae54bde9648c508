import struct Foundation.UUID
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// FreeSWITCH Event Socket client, inbound mode (we connect to `mod_event_socket`, port 8021).
///
/// ``run()`` is the long-running part (a service): connect, `auth`, subscribe to
/// ``Configuration/events``, read events, and on any disconnect fail pending commands with
/// ``ESLCommandError/disconnected`` and reconnect with exponential back-off, re-subscribing and
/// re-applying filters. Commands (``api(_:)``, ``bgapi(_:timeout:)``) can be sent from any task
/// while connected; `bgapi` results are matched to their BACKGROUND_JOB by our own Job-UUID.
/// ```swift
/// let client = ESLClient(configuration: .init(host: "127.0.0.1", password: "ClueCon"))
/// try await withThrowingDiscardingTaskGroup { group in
///     group.addTask { try await client.run() }
///     try await client.waitUntilConnected()
///     print(try await client.api("status"))
/// }
/// ```
public final class ESLClient: Sendable {
    public let configuration: Configuration
    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    struct State {
        var channel: (any Channel)?
        var generation = 0
        var isShutDown = false
        var connectionWaiters: [UUID: CheckedContinuation<Void, any Error>] = [:]
        var jobs: [String: JobSlot] = [:]
        var channelObservers: [UUID: @Sendable (ESLChannelEvent) -> Void] = [:]
        /// The connection generation each observer was added under (reconciliation skips newer ones).
        var observedSince: [UUID: Int] = [:]
        var subscribers: [Int: AsyncStream<ESLEvent>.Continuation] = [:]
        var nextSubscriber = 0
        var extraEvents: [String] = []
    }

    enum JobSlot {
        case waiting(CheckedContinuation<String, any Error>?)
        case done(String)
    }

    public init(configuration: Configuration,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "minibot.esl")) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    // MARK: Connection loop

    /// Connects and stays connected until cancelled or ``shutdown()``; never throws for
    /// connection failures (it logs them and retries), only for cancellation.
    public func run() async throws {
        var delay = configuration.initialReconnectDelay
        while !Task.isCancelled, !state.withLock({ $0.isShutDown }) {
            do {
                try await runConnection()
                delay = configuration.initialReconnectDelay
            } catch {
                logger.warning("FreeSWITCH ESL connection failed", metadata: [
                    "host": "\(configuration.host):\(configuration.port)", "error": "\(error)"])
            }
            disconnected()
            if state.withLock({ $0.isShutDown }) { break }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, configuration.maximumReconnectDelay)
        }
        disconnected()
    }

    /// Closes the connection and makes ``run()`` return.
    public func shutdown() {
        let channel = state.withLock { state -> (any Channel)? in
            state.isShutDown = true
            return state.channel
        }
        channel?.close(promise: nil)
    }

    /// How many times a connection has been established (starts at 0).
    public var connectionGeneration: Int { state.withLock { $0.generation } }
    public var isConnected: Bool { state.withLock { $0.channel != nil } }

    /// Returns once connected (immediately if already); `newerThan`: wait for a connection made
    /// after that ``connectionGeneration`` (used after a drop).
    /// Cancelling the waiting task throws `CancellationError` (a caller with a deadline, e.g. a
    /// reachability check against a switch that refuses our password, must not wait forever).
    public func waitUntilConnected(newerThan generation: Int = 0) async throws {
        let waiter = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if state.channel != nil, state.generation > generation { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.connectionWaiters[waiter] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            state.withLock { $0.connectionWaiters.removeValue(forKey: waiter) }?.resume(throwing: CancellationError())
        }
    }

    private func runConnection() async throws {
        let (messages, continuation) = AsyncStream.makeStream(of: ESLInbound.self)
        let maximumBody = configuration.maximumBodyLength
        let channel = try await ClientBootstrap(group: eventLoopGroup)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(ByteToMessageHandler(ESLFrameDecoder(maximumBodyLength: maximumBody)))
                    try sync.addHandler(ESLClientHandler(deliver: continuation))
                }
            }
            .connect(host: configuration.host, port: configuration.port).get()
        var iterator = messages.makeAsyncIterator()
        do {
            try await handshake(channel: channel, messages: &iterator)
        } catch {
            try? await channel.close()
            throw error
        }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.channel = channel
            state.generation += 1
            defer { state.connectionWaiters = [:] }
            return Array(state.connectionWaiters.values)
        }
        logger.info("FreeSWITCH ESL connected", metadata: ["host": "\(configuration.host):\(configuration.port)"])
        waiters.forEach { $0.resume() }
        let reconciliation = Task { await self.reconcileObservedChannels() }
        defer { reconciliation.cancel() }
        await withTaskCancellationHandler {
            while let item = await iterator.next() {
                switch item {
                case .message(let message): dispatch(message)
                case .reply(let message, let promise): promise.succeed(message)
                }
            }
        } onCancel: {
            channel.close(promise: nil)
        }
        try? await channel.close()
    }

    /// During the handshake the read loop is not running yet: send, then read up to the reply.
    private func handshakeCommand(_ command: ESLCommand, on channel: any Channel,
                                  messages: inout AsyncStream<ESLInbound>.Iterator) async throws -> ESLMessage {
        let promise = channel.eventLoop.makePromise(of: ESLMessage.self)
        channel.writeAndFlush(ESLRequest(bytes: try command.encoded(allocator: channel.allocator), promise: promise), promise: nil)
        while let item = await messages.next() {
            if case .reply(let message, let replyPromise) = item {
                replyPromise.succeed(message)
                return message
            }
        }
        promise.fail(ESLCommandError.disconnected)
        throw ESLCommandError.disconnected
    }

    private func handshake(channel: any Channel, messages: inout AsyncStream<ESLInbound>.Iterator) async throws {
        guard case .message(let greeting)? = await messages.next() else { throw ESLCommandError.disconnected }
        guard greeting.contentType == .authRequest else {
            throw ESLCommandError.rejected("expected auth/request, got \(greeting.headers["Content-Type"] ?? "nothing")")
        }
        let reply = try await handshakeCommand(.auth(password: configuration.password), on: channel, messages: &messages)
        guard reply.isOK else { throw ESLCommandError.authenticationFailed(reply.replyText ?? "no Reply-Text") }
        let events = state.withLock { $0.extraEvents }
        let names = Self.subscriptionOrder(["BACKGROUND_JOB"] + configuration.events + events)
        let subscribed = try await handshakeCommand(.event(format: configuration.eventFormat, names: names), on: channel,
                                                    messages: &messages)
        guard subscribed.isOK else { throw ESLCommandError.rejected(subscribed.replyText ?? "event subscription refused") }
        for filter in configuration.filters {
            let reply = try await handshakeCommand(.filter(header: filter.name, value: filter.value), on: channel,
                                                   messages: &messages)
            guard reply.isOK else { throw ESLCommandError.rejected(reply.replyText ?? "filter refused") }
        }
    }

    /// FreeSWITCH reads every name after `CUSTOM` in one `event` line as a custom subclass, so a plain
    /// name listed after it (say, one added by ``subscribe(to:)``) would silently never arrive: plain
    /// names first, then `CUSTOM` and the subclasses (`mod_audio_stream::connect`); duplicates dropped.
    public static func subscriptionOrder(_ names: [String]) -> [String] {
        var plain: [String] = []
        var subclasses: [String] = []
        for name in names where name != "CUSTOM" {
            if name.contains("::") {
                if !subclasses.contains(name) { subclasses.append(name) }
            } else if !plain.contains(name) {
                plain.append(name)
            }
        }
        let custom = names.contains("CUSTOM") || !subclasses.isEmpty
        return plain + (custom ? ["CUSTOM"] + subclasses : [])
    }

    private func disconnected() {
        // bgapi jobs of the lost connection will never report: fail them (the call may still exist in FreeSWITCH).
        let jobs = state.withLock { state -> [CheckedContinuation<String, any Error>] in
            state.channel = nil
            let pending = state.jobs.values.compactMap { slot -> CheckedContinuation<String, any Error>? in
                if case .waiting(let continuation) = slot { return continuation }
                return nil
            }
            state.jobs = [:]
            return pending
        }
        jobs.forEach { $0.resume(throwing: ESLCommandError.disconnected) }
    }

    // MARK: Events

    private func dispatch(_ message: ESLMessage) {
        switch message.contentType {
        case .eventPlain, .eventJSON:
            do {
                deliver(try ESLEvent(message: message))
            } catch {
                logger.warning("Unreadable FreeSWITCH event dropped", metadata: ["error": "\(error)"])
            }
        case .disconnectNotice:
            logger.info("FreeSWITCH sent a disconnect notice", metadata: ["text": "\(message.body ?? "")"])
        case .other("x-minibot/error"):
            logger.error("FreeSWITCH ESL stream broken", metadata: ["reason": "\(message.headers["Reason"] ?? "")"])
        default:
            logger.debug("Unexpected ESL message", metadata: ["content_type": "\(message.headers["Content-Type"] ?? "")"])
        }
    }

    /// Decodes `event` once (``ESLChannelEvent``): a job result wakes its `bgapi` caller, the
    /// channel's observer gets the typed case, subscribers the raw event.
    func deliver(_ event: ESLEvent) {
        let decoded = ESLChannelEvent(event)
        if case .backgroundJob(let id, let body) = decoded {
            let job = id.lowercased()
            let waiter = state.withLock { state -> CheckedContinuation<String, any Error>? in
                switch state.jobs[job] {
                case .waiting(let continuation?):
                    state.jobs[job] = nil
                    return continuation
                case .waiting(nil):
                    state.jobs[job] = .done(body)
                    return nil
                default:
                    return nil
                }
            }
            waiter?.resume(returning: body)
        }
        let (observer, subscribers) = state.withLock { state in
            (event.uniqueID.flatMap { state.channelObservers[$0] }, Array(state.subscribers.values))
        }
        observer?(decoded)
        for subscriber in subscribers { subscriber.yield(event) }
    }

    /// After a reconnection, channels we follow may have ended while we were not listening (a
    /// FreeSWITCH restart kills every call): their hangup events are lost for good, and a call
    /// waiting for them would hold its slot forever. Each observed channel that `uuid_exists` no
    /// longer knows gets a synthetic `CHANNEL_HANGUP_COMPLETE` (`Hangup-Cause: NORMAL_UNSPECIFIED`,
    /// q850 31, `X-MiniBot-Synthetic: channel gone while the Event Socket was down`).
    func reconcileObservedChannels() async {
        // Only channels followed before this connection: a dial started since may not have its channel yet.
        let channels = state.withLock { state in
            state.channelObservers.keys.filter { (state.observedSince[$0] ?? 0) < state.generation }
        }
        for channel in channels where !Task.isCancelled {
            let id = channel.uuidString.lowercased()
            guard let exists = try? await api("uuid_exists \(id)"), exists.trimmingCharacters() == "false" else { continue }
            logger.warning("Channel ended while the Event Socket was down", metadata: ["uuid": "\(id)"])
            deliver(ESLEvent(headers: ESLHeaders([
                ("Event-Name", "CHANNEL_HANGUP_COMPLETE"), ("Unique-ID", id), ("Hangup-Cause", "NORMAL_UNSPECIFIED"),
                ("variable_hangup_cause_q850", "31"), ("X-MiniBot-Synthetic", "channel gone while the Event Socket was down"),
            ])))
        }
    }

    /// Routes every event whose `Unique-ID` is `channel` to `handler`, decoded (called in order,
    /// from the client's read task: keep it short, e.g. yield to a stream). One observer per channel.
    public func observe(channel: UUID, _ handler: @escaping @Sendable (ESLChannelEvent) -> Void) {
        state.withLock { state in
            state.channelObservers[channel] = handler
            state.observedSince[channel] = state.generation
        }
    }

    public func stopObserving(channel: UUID) {
        state.withLock { state in
            state.channelObservers.removeValue(forKey: channel)
            state.observedSince.removeValue(forKey: channel)
        }
    }

    /// Every event received from now on (all channels), as received (headers and body: a monitor
    /// of the wire, for tools and tests), until the returned stream is dropped.
    public func events() -> AsyncStream<ESLEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ESLEvent.self)
        let id = state.withLock { state -> Int in
            state.nextSubscriber += 1
            state.subscribers[state.nextSubscriber] = continuation
            return state.nextSubscriber
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    // MARK: Commands

    /// Sends one command and returns FreeSWITCH's reply (`command/reply` or `api/response`).
    public func send(_ command: ESLCommand) async throws -> ESLMessage {
        guard let channel = state.withLock({ $0.channel }) else { throw ESLCommandError.notConnected }
        return try await send(command, on: channel)
    }

    private func send(_ command: ESLCommand, on channel: any Channel) async throws -> ESLMessage {
        let bytes = try command.encoded(allocator: channel.allocator)
        let promise = channel.eventLoop.makePromise(of: ESLMessage.self)
        let timeout = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(configuration.commandTimeout.nanoseconds))) {
            // Replies are positional: after a lost reply the stream cannot be trusted. Reconnect.
            promise.fail(ESLCommandError.timedOut((try? command.text()) ?? ""))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timeout.cancel() }
        channel.writeAndFlush(ESLRequest(bytes: bytes, promise: promise)).whenFailure { error in
            promise.fail(error is ChannelError ? ESLCommandError.disconnected : error)
        }
        return try await promise.futureResult.get()
    }

    /// `api <command>`: returns the output (trailing newline removed); throws
    /// ``ESLCommandError/rejected(_:)`` when the output starts with `-ERR` or `-USAGE`.
    @discardableResult
    public func api(_ command: String) async throws -> String {
        let reply = try await send(.api(command))
        let output = Self.trimmed(reply.body ?? "")
        if output.hasPrefix("-ERR") || output.hasPrefix("-USAGE") { throw ESLCommandError.rejected(output) }
        return output
    }

    /// `bgapi <command>`: waits for the BACKGROUND_JOB event and returns the job's output as is
    /// (`+OK …` or `-ERR …`: for `originate` the error text is an outcome, not a failure).
    public func bgapi(_ command: String, timeout: Duration = .seconds(60)) async throws -> String {
        let job = UUID()
        let key = job.uuidString.lowercased()
        guard let channel = state.withLock({ $0.channel }) else { throw ESLCommandError.notConnected }
        state.withLock { $0.jobs[key] = .waiting(nil) }
        do {
            let reply = try await send(.bgapi(command, jobUUID: job), on: channel)
            guard reply.isOK else { throw ESLCommandError.rejected(reply.replyText ?? "bgapi refused") }
        } catch {
            _ = state.withLock { $0.jobs.removeValue(forKey: key) }
            throw error
        }
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout.nanoseconds))) { [weak self] in
            self?.failJob(key, ESLCommandError.timedOut(command))
        }
        defer { timer.cancel() }
        let output: String = try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<String, any Error>? in
                switch state.jobs[key] {
                case .done(let body):
                    state.jobs[key] = nil
                    return .success(body)
                case .waiting:
                    state.jobs[key] = .waiting(continuation)
                    return nil
                case nil:
                    return .failure(ESLCommandError.disconnected)
                }
            }
            if let ready { continuation.resume(with: ready) }
        }
        return Self.trimmed(output)
    }

    private func failJob(_ key: String, _ error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<String, any Error>? in
            guard case .waiting(let continuation) = state.jobs.removeValue(forKey: key) else { return nil }
            return continuation
        }
        waiter?.resume(throwing: error)
    }

    /// Subscribes to more event names now and on every future reconnection.
    public func subscribe(to names: [String]) async throws {
        state.withLock { $0.extraEvents.append(contentsOf: names) }
        let reply = try await send(.event(format: configuration.eventFormat, names: names))
        guard reply.isOK else { throw ESLCommandError.rejected(reply.replyText ?? "event subscription refused") }
    }

    static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        return String(text)
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
