import Foundation
import NIOCore
import NIOWebSocket

extension ARIClient {
    /// Keeps the events WebSocket open until cancelled or ``shutdown()``, reconnecting with
    /// exponential back-off. Only cancellation is thrown.
    public func run() async throws {
        var delay = configuration.initialReconnectDelay
        while !Task.isCancelled, !state.withLock({ $0.isShutDown }) {
            do {
                try await runSocket()
                delay = configuration.initialReconnectDelay
            } catch {
                logger.warning("ARI events socket failed", metadata: ["url": "\(baseURL)", "error": "\(error)"])
            }
            state.withLock { $0.connected = false; $0.socket = nil }
            if state.withLock({ $0.isShutDown }) { break }
            try await Task.sleep(for: delay)
            delay = min(delay * 2, configuration.maximumReconnectDelay)
        }
    }

    public func shutdown() {
        let socket = state.withLock { state -> (any Channel)? in
            state.isShutDown = true
            return state.socket
        }
        if let socket { Self.closeGracefully(socket) }
    }

    /// Sends a close frame and lets Asterisk close the socket (it then logs nothing); closes it
    /// ourselves if Asterisk has not within a second. A bare TCP close made Asterisk log
    /// "Web socket closed abruptly" on every exit.
    static func closeGracefully(_ channel: any Channel) {
        channel.writeAndFlush(PBXWebSocketClient.closeFrame()).whenComplete { _ in
            channel.eventLoop.scheduleTask(in: .seconds(1)) { channel.close(promise: nil) }
        }
    }

    public var connectionGeneration: Int { state.withLock { $0.generation } }

    /// Cancelling the waiting task throws `CancellationError` (callers with a deadline must not wait forever).
    public func waitUntilConnected(newerThan generation: Int = 0) async throws {
        let waiter = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready = state.withLock { state -> Result<Void, any Error>? in
                    if state.connected, state.generation > generation { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[waiter] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: waiter) }?.resume(throwing: CancellationError())
        }
    }

    private func runSocket() async throws {
        let wsBase = baseURL.replacingOccurrences(of: "http://", with: "ws://")
        let url = "\(wsBase)/ari/events?app=\(Self.encode(configuration.application))&subscribeAll=false"
        let ws = try await PBXWebSocketClient.connect(url: url, headers: [("Authorization", authorization)])
        let waiters = state.withLock { state -> [CheckedContinuation<Void, any Error>] in
            state.connected = true
            state.socket = ws.channel
            state.generation += 1
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        logger.info("ARI events socket connected", metadata: ["app": "\(configuration.application)"])
        waiters.forEach { $0.resume() }
        try await withTaskCancellationHandler {
            try await ws.executeThenClose { inbound, outbound in
                var text = ByteBuffer()
                for try await frame in inbound {
                    switch frame.opcode {
                    case .text, .continuation:
                        var data = frame.unmaskedData
                        text.writeBuffer(&data)
                        guard frame.fin else { continue }
                        let bytes = Data(text.readableBytesView)
                        text.clear()
                        do {
                            deliver(try JSONDecoder().decode(ARIEvent.self, from: bytes))
                        } catch {
                            logger.warning("Unreadable ARI event dropped", metadata: ["error": "\(error)"])
                        }
                    case .ping:
                        try await outbound.write(PBXWebSocketClient.frame(.pong, frame.unmaskedData))
                    case .connectionClose:
                        try? await outbound.write(PBXWebSocketClient.closeFrame())
                        return
                    default:
                        break
                    }
                }
            }
        } onCancel: {
            Self.closeGracefully(ws.channel)
        }
    }

    /// Decodes `event` once (``ARIChannelEvent``) for the observers of the channels it is about;
    /// subscribers get the event as received.
    func deliver(_ event: ARIEvent) {
        let (observers, subscribers) = state.withLock { state in
            (event.channelIDs.compactMap { state.observers[$0] }, Array(state.subscribers.values))
        }
        if !observers.isEmpty {
            let decoded = ARIChannelEvent(event)
            observers.forEach { $0(decoded) }
        }
        subscribers.forEach { $0.yield(event) }
    }

    /// Routes events about channel `id` (its own, and Dial events where it is the `peer` or the
    /// `caller`) to `handler`, decoded (called in order from the socket task).
    public func observe(channel id: String, _ handler: @escaping @Sendable (ARIChannelEvent) -> Void) {
        state.withLock { $0.observers[id] = handler }
    }

    public func stopObserving(channel id: String) {
        _ = state.withLock { $0.observers.removeValue(forKey: id) }
    }

    /// Every event from now on, as received (a monitor of the wire, for tools and tests).
    public func events() -> AsyncStream<ARIEvent> {
        let (stream, continuation) = AsyncStream.makeStream(of: ARIEvent.self)
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
}
