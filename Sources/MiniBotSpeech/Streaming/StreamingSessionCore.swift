import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// The state one streaming utterance shares between the caller (`accept`, `finish`) and its
/// connection task (pump, reader, keep-alive), behind one lock.
final class StreamingSessionCore: Sendable {
    struct State {
        /// Every sample of the utterance (replayed on a new connection).
        var audio: [Int16] = []
        /// Samples already written on the current connection.
        var sent = 0
        var wake: AsyncStream<Void>.Continuation?
        var transcript = StreamingTranscript()
        var lastReported = ""
        var finishRequested = false
        var finishSent = false
        var keepAliveDue = false
        var lastSend = ContinuousClock.now
        var failure: RecognitionError?
        var ended = false
    }

    let dialect: any StreamingDialect
    let sampleRate: Int
    let options: StreamingOptions
    let logger: Logger
    let state = Mutex(State())
    private let maxSamples: Int
    /// Every new hypothesis as the server's messages arrive (not only when `accept` is called):
    /// what a barge-in or early-intent rule listens to. Finishes when the session ends.
    let hypotheses: AsyncStream<RecognitionResult>
    private let hypothesisSink: AsyncStream<RecognitionResult>.Continuation

    init(dialect: any StreamingDialect, sampleRate: Int, options: StreamingOptions, logger: Logger) {
        self.dialect = dialect
        self.sampleRate = sampleRate
        self.options = options
        self.logger = logger
        self.maxSamples = max(0, options.maxUtteranceSeconds) * sampleRate
        (hypotheses, hypothesisSink) = AsyncStream.makeStream(of: RecognitionResult.self, bufferingPolicy: .bufferingNewest(16))
    }

    // MARK: Caller side

    func accept(_ frame: [Int16]) throws(RecognitionError) -> RecognitionResult? {
        let (wake, partial) = try state.withLock { state throws(RecognitionError) -> (AsyncStream<Void>.Continuation?, RecognitionResult?) in
            if let failure = state.failure { throw failure }
            guard !state.finishRequested else { throw .invalidInput("\(dialect.engine) session already finished") }
            let room = maxSamples - state.audio.count
            if room > 0 { state.audio.append(contentsOf: frame.prefix(room)) }
            let heard = state.transcript.text
            guard heard != state.lastReported else { return (state.wake, nil) }
            state.lastReported = heard
            return (state.wake, RecognitionResult(text: heard, confidence: state.transcript.confidence, isFinal: false,
                                                  engine: dialect.engine))
        }
        wake?.yield()
        return partial
    }

    func requestFinish() throws(RecognitionError) {
        let wake = try state.withLock { state throws(RecognitionError) -> AsyncStream<Void>.Continuation? in
            guard !state.finishRequested else { throw .invalidInput("\(dialect.engine) session already finished") }
            state.finishRequested = true
            return state.wake
        }
        wake?.yield()
    }

    // MARK: Connection side

    enum Outcome: Sendable {
        case completed
        case dropped(String)
        case failed(RecognitionError)
    }

    /// Serves `first`, then reconnects after drops; ends with the final text or the failure
    /// (also stored, so the next `accept` throws it).
    func run(first: StreamingRecognizer.Socket) async -> Result<RecognitionResult, RecognitionError> {
        let result = await runConnections(first: first)
        hypothesisSink.finish()
        state.withLock { state in
            state.ended = true
            if case .failure(let error) = result { state.failure = error }
        }
        return result
    }

    private func runConnections(first: StreamingRecognizer.Socket) async -> Result<RecognitionResult, RecognitionError> {
        var socket: StreamingRecognizer.Socket? = first
        var reconnects = 0
        var lastDrop = ""
        while true {
            if Task.isCancelled { return .failure(.timeout) }
            let current: StreamingRecognizer.Socket
            if let socket {
                current = socket
            } else {
                guard reconnects < options.maxReconnects else {
                    return .failure(.engineUnavailable(
                        "\(dialect.engine) dropped the connection \(reconnects + 1) times (last: \(lastDrop))"))
                }
                reconnects += 1
                logger.warning("streaming recognizer reconnecting", metadata: ["reason": "\(lastDrop)", "attempt": "\(reconnects)"])
                do {
                    current = try await StreamingRecognizer.connect(dialect: dialect, sampleRate: sampleRate, options: options)
                } catch let error as RecognitionError {
                    return .failure(error)
                } catch {
                    return .failure(.timeout)
                }
            }
            socket = nil
            switch await serve(current) {
            case .completed:
                let transcript = state.withLock { $0.transcript }
                return .success(RecognitionResult(text: transcript.text, confidence: transcript.confidence, isFinal: true,
                                                  engine: dialect.engine))
            case .failed(let error):
                logger.warning("streaming recognizer failed", metadata: ["error": "\(error)"])
                return .failure(error)
            case .dropped(let reason):
                if Task.isCancelled { return .failure(.timeout) }
                lastDrop = reason
            }
        }
    }

    /// One connection: opening messages, then audio (all of it, from the start), keep-alives and
    /// the finish message as they become due, while the reader applies the server's messages.
    private func serve(_ socket: StreamingRecognizer.Socket) async -> Outcome {
        let (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        state.withLock { state in
            state.sent = 0
            state.finishSent = false
            state.transcript = StreamingTranscript()
            state.wake = wake
            state.lastSend = .now
        }
        defer {
            state.withLock { $0.wake = nil }
            wake.finish()
        }
        do {
            return try await socket.executeThenClose { inbound, outbound in
                for message in dialect.openingMessages(sampleRate: sampleRate) {
                    try await outbound.write(Self.text(message))
                }
                return await withTaskGroup(of: Outcome?.self) { group in
                    group.addTask { await self.read(inbound, outbound: outbound) }
                    group.addTask {
                        await self.pump(wakes, outbound: outbound)
                        return nil
                    }
                    if dialect.keepAliveMessage != nil {
                        group.addTask {
                            await self.keepAlive(wake: wake)
                            return nil
                        }
                    }
                    wake.yield()
                    var outcome = Outcome.dropped("connection ended")
                    for await finished in group {
                        if let finished {
                            outcome = finished
                            break
                        }
                    }
                    group.cancelAll()
                    wake.finish()
                    return outcome
                }
            }
        } catch {
            return .dropped("\(error)")
        }
    }

    /// Writes whatever is due each time it is woken: new audio as one binary message, a keep-alive, the finish message.
    private func pump(_ wakes: AsyncStream<Void>, outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) async {
        for await _ in wakes {
            let (chunk, keepAlive, finish) = state.withLock { state -> (ArraySlice<Int16>, Bool, Bool) in
                let chunk = state.audio[state.sent...]
                state.sent = state.audio.count
                let finish = state.finishRequested && !state.finishSent
                if finish { state.finishSent = true }
                let keepAlive = state.keepAliveDue && chunk.isEmpty && !state.finishSent
                state.keepAliveDue = false
                if !chunk.isEmpty || keepAlive { state.lastSend = .now }
                return (chunk, keepAlive, finish)
            }
            do {
                if !chunk.isEmpty {
                    var buffer = ByteBufferAllocator().buffer(capacity: chunk.count * 2)
                    for sample in chunk { buffer.writeInteger(sample, endianness: .little) }
                    try await outbound.write(PBXFrame.binary(buffer))
                }
                if keepAlive, let message = dialect.keepAliveMessage {
                    try await outbound.write(Self.text(message))
                }
                if finish {
                    try await outbound.write(Self.text(dialect.finishMessage))
                }
            } catch {
                return  // the reader sees the socket end and reports the drop
            }
        }
    }

    /// Marks a keep-alive due whenever nothing went out for ``StreamingOptions/keepAliveInterval``.
    private func keepAlive(wake: AsyncStream<Void>.Continuation) async {
        let interval = options.keepAliveInterval
        while !Task.isCancelled {
            let idle = state.withLock { ContinuousClock.now - $0.lastSend }
            do { try await Task.sleep(for: idle >= interval ? interval : interval - idle) } catch { return }
            let due = state.withLock { state -> Bool in
                guard !state.finishSent, ContinuousClock.now - state.lastSend >= interval else { return false }
                state.keepAliveDue = true
                return true
            }
            if due { wake.yield() }
        }
    }

    /// Applies the server's messages; decides how the connection ended.
    private func read(_ inbound: NIOAsyncChannelInboundStream<WebSocketFrame>,
                      outbound: NIOAsyncChannelOutboundWriter<WebSocketFrame>) async -> Outcome {
        do {
            for try await frame in inbound {
                switch frame.opcode {
                case .text:
                    let text = String(buffer: frame.unmaskedData)
                    let event: StreamingEvent
                    do {
                        event = try dialect.parse(text)
                    } catch {
                        return .failed(error)
                    }
                    let (complete, heard) = state.withLock { state -> (Bool, RecognitionResult?) in
                        let before = state.transcript.text
                        state.transcript.apply(event)
                        let heard = state.transcript.text == before ? nil
                            : RecognitionResult(text: state.transcript.text, confidence: state.transcript.confidence,
                                                isFinal: false, engine: dialect.engine)
                        return (event == .complete && state.finishSent, heard)
                    }
                    if let heard { hypothesisSink.yield(heard) }
                    if complete { return .completed }
                case .connectionClose:
                    var data = frame.unmaskedData
                    let code = data.readWebSocketErrorCode()
                    let reason = data.readString(length: data.readableBytes) ?? ""
                    try? await outbound.write(PBXFrame.close())
                    let finished = state.withLock { $0.finishSent }
                    if finished, code == nil || code == .normalClosure { return .completed }
                    return .dropped("closed by the server (\(code.map { "\($0)" } ?? "no code") \(reason))")
                case .ping:
                    try? await outbound.write(PBXFrame.pong(frame.unmaskedData))
                default:
                    break
                }
            }
            return .dropped("connection lost")
        } catch {
            return .dropped("connection lost: \(error)")
        }
    }

    static func text(_ message: String) -> WebSocketFrame {
        PBXFrame.text(message)
    }
}
