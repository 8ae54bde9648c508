import struct Foundation.UUID
import Logging
import NIOCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server-side channel handler of one AudioSocket call: applies the protocol-order rules
/// (``AudioSocketConnectionStateMachine``), hands ``CallEvent``s to the session's sink on this
/// event loop (no queue, no task switch per caller frame), and sends the bot's queued audio (``OutboundFrameQueue``) one frame per tick of
/// the loop's shared ``PacingTicker``.
///
/// It holds no business rules: the runner decides; this only moves frames on time. A malformed frame ends only this call, logged with its `call_id`.
final class AudioSocketCallHandler: ChannelInboundHandler, PacingSubscriber {
    typealias InboundIn = AudioSocketMessage
    typealias OutboundOut = ByteBuffer

    private var machine = AudioSocketConnectionStateMachine()
    private var queue: OutboundFrameQueue
    private var logger: Logger
    private let ticker: NIOLoopBound<PacingTicker>
    private let statistics: AudioSocketStatistics
    private let uuidTimeout: TimeAmount
    private let callStarted: EventLoopPromise<UUID>
    private var context: ChannelHandlerContext?
    private var uuidTimer: Scheduled<Void>?
    private var pacing = false
    /// The frame of this period already went out early (``enqueue(_:)`` after idle silence).
    private var skipNextPacedFrame = false
    private var delivery = Delivery.waiting([])

    /// Inbound events go straight to the session's sink, on this event loop; until the session
    /// attaches one they wait here.
    private enum Delivery {
        case waiting([CallEvent])
        case attached(@Sendable (CallEvent) -> Void)
    }

    /// Events kept while no sink is attached (5 s of audio); beyond that the oldest audio frame
    /// is dropped, never a DTMF, playback report or hang-up.
    static let maximumWaitingEvents = 250

    init(
        callStarted: EventLoopPromise<UUID>,
        ticker: NIOLoopBound<PacingTicker>,
        statistics: AudioSocketStatistics,
        uuidTimeout: TimeAmount,
        sendsSilenceWhenIdle: Bool,
        logger: Logger
    ) {
        self.callStarted = callStarted
        self.ticker = ticker
        self.statistics = statistics
        self.uuidTimeout = uuidTimeout
        self.queue = OutboundFrameQueue(sendsSilenceWhenIdle: sendsSilenceWhenIdle)
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { startUUIDTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startUUIDTimer(context: context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopPacing()
        uuidTimer?.cancel()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch machine.receive(unwrapInboundIn(data)) {
        case .startCall(let id):
            uuidTimer?.cancel()
            logger[metadataKey: "call_id"] = "\(id)"
            logger.debug("AudioSocket call identified")
            callStarted.succeed(id)
            ticker.value.add(self)
            pacing = true
        case .deliver(let event):
            deliver(event)
        case .endCall(let reason):
            end(reason: reason, context: context, sendHangup: false)
        case .ignore:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Not forwarded: the session sees a `.hangup(…)` event instead of a throw. A peer that
        // resets the connection (closing with our audio unread) just went away: that is a
        // closed connection, not a protocol error.
        let peerReset = (error as? IOError).map { $0.errnoCode == ECONNRESET || $0.errnoCode == EPIPE } ?? false
        guard let reason = machine.connectionClosed(error: peerReset ? nil : error) else { return }
        end(reason: reason, context: context, sendHangup: false)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let reason = machine.connectionClosed() {
            end(reason: reason, context: context, sendHangup: false)
        }
        context.fireChannelInactive()
    }

    // MARK: Commands from the session (always on the event loop).

    /// `sink` gets every event from now on, after those that waited; `false` when a sink is
    /// already attached (one reader per call).
    func attach(_ sink: @escaping @Sendable (CallEvent) -> Void) -> Bool {
        guard case .waiting(let waiting) = delivery else { return false }
        delivery = .attached(sink)
        for event in waiting { sink(event) }
        return true
    }

    func enqueue(_ prompt: Prompt) {
        guard case .active = machine.state else {
            // The call is over: report the prompt as cut so a runner waiting for it moves on.
            emit([.playbackFinished(PlaybackReport(promptID: prompt.id, framesPlayed: 0, interrupted: true))])
            return
        }
        let wasIdle = queue.isEmpty
        queue.enqueue(prompt)
        if wasIdle, pacing {
            // Reaction: the prompt's first frame leaves now, not at the call's next 20 ms slot.
            skipNextPacedFrame = false
            skipNextPacedFrame = ticker.value.sendNow(self)
        }
    }

    func stopPlayback() -> Int {
        let (dropped, reports) = queue.stop()
        emit(reports.map { .playbackFinished($0) })
        return dropped
    }

    func hangUpLocally() {
        guard let context, machine.localHangup() else { return }
        end(reason: .localHangup, context: context, sendHangup: true)
    }

    // MARK: Pacing

    func sendPacedFrame() -> Bool {
        guard let context else { return false }
        if skipNextPacedFrame {
            skipNextPacedFrame = false
            return false
        }
        let (frame, finished) = queue.nextWireFrame()
        if let frame {
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        }
        if !finished.isEmpty { emit(finished.map { .playbackFinished($0) }) }
        return frame != nil
    }

    // MARK: Private

    private func startUUIDTimer(context: ChannelHandlerContext) {
        guard uuidTimer == nil, case .awaitingUUID = machine.state else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        uuidTimer = context.eventLoop.scheduleTask(in: uuidTimeout) {
            bound.value.uuidTimedOut()
        }
    }

    private func uuidTimedOut() {
        guard let context, case .awaitingUUID = machine.state,
              let reason = machine.connectionClosed(error: AudioSocketProtocolError.noUUID(timeout: uuidTimeout))
        else { return }
        end(reason: reason, context: context, sendHangup: false)
    }

    private func end(reason: CallEndReason, context: ChannelHandlerContext, sendHangup: Bool) {
        stopPacing()
        uuidTimer?.cancel()
        let (_, cut) = queue.stop()
        if case .protocolError(let why) = reason {
            statistics.recordProtocolError()
            logger.error("AudioSocket protocol error, call closed", metadata: [
                "reason": "\(why)",
                "remote": "\(context.channel.remoteAddress.map { "\($0)" } ?? "?")",
            ])
        }
        callStarted.fail(AudioSocketProtocolError.closedBeforeUUID(reason))
        emit(cut.map { .playbackFinished($0) } + [.hangup(reason)])
        if sendHangup {
            AudioSocketWire.sendHangupAndClose(context: context)
        } else {
            context.close(promise: nil)
        }
    }

    private func stopPacing() {
        guard pacing else { return }
        pacing = false
        ticker.value.remove(self)
    }

    private func emit(_ events: [CallEvent]) {
        for event in events { deliver(event) }
    }

    private func deliver(_ event: CallEvent) {
        switch delivery {
        case .attached(let sink):
            sink(event)
        case .waiting(var waiting):
            delivery = .waiting([])  // releases the array so the append below does not copy it
            if waiting.count >= Self.maximumWaitingEvents, waiting.removeOldestAudio() {
                statistics.recordDroppedInboundFrame()
            }
            waiting.append(event)
            delivery = .waiting(waiting)
        }
    }
}

/// Connection-level failures that are not a malformed frame.
public enum AudioSocketProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The peer connected but sent no UUID within the timeout.
    case noUUID(timeout: TimeAmount)
    /// The connection ended before a UUID identified the call.
    case closedBeforeUUID(CallEndReason)

    public var description: String {
        switch self {
        case .noUUID(let timeout): "no UUID received within \(timeout)"
        case .closedBeforeUUID(let reason): "connection ended before the call UUID (\(reason))"
        }
    }
}
