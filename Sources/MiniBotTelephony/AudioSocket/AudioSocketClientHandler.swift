import struct Foundation.UUID
import NIOCore

/// A message received by ``AudioSocketClient``, stamped on the event loop when it was decoded
/// (monotonic nanoseconds, `NIODeadline.uptimeNanoseconds`), so tests can measure pacing
/// without scheduler noise from the consuming task.
public struct ReceivedAudioSocketMessage: Sendable, Hashable {
    public var message: AudioSocketMessage
    public var arrivalNanoseconds: UInt64
}

/// Client (Asterisk-side) channel handler: sends the UUID as soon as the socket is up, then
/// queued audio one frame per tick of the shared ``PacingTicker``, like Asterisk forwarding a
/// caller's RTP stream.
final class AudioSocketClientHandler: ChannelInboundHandler, PacingSubscriber {
    typealias InboundIn = AudioSocketMessage
    typealias InboundOut = ReceivedAudioSocketMessage
    typealias OutboundOut = ByteBuffer

    private let callID: UUID
    private let ticker: NIOLoopBound<PacingTicker>
    private var queue: OutboundFrameQueue
    private var context: ChannelHandlerContext?
    private var pacing = false

    init(callID: UUID, ticker: NIOLoopBound<PacingTicker>, sendsSilenceWhenIdle: Bool) {
        self.callID = callID
        self.ticker = ticker
        self.queue = OutboundFrameQueue(sendsSilenceWhenIdle: sendsSilenceWhenIdle)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopPacing()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopPacing()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        let stamped = ReceivedAudioSocketMessage(message: message, arrivalNanoseconds: NIODeadline.now().uptimeNanoseconds)
        context.fireChannelRead(wrapInboundOut(stamped))
        if case .hangup = message { stopPacing() }
    }

    // MARK: Commands (on the event loop)

    func enqueue(_ frames: [[Int16]]) {
        queue.enqueue(Prompt(id: "caller", frames: frames))
    }

    func sendNow(_ message: AudioSocketMessage) {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(AudioSocketWire.encode(message, allocator: context.channel.allocator)), promise: nil)
    }

    func hangUp() {
        guard let context else { return }
        stopPacing()
        _ = queue.stop()
        AudioSocketWire.sendHangupAndClose(context: context)
    }

    func sendPacedFrame() -> Bool {
        guard let context else { return false }
        // Encoded per frame: caller audio is streamed once, a shared prompt cache would only cost memory.
        guard let frame = queue.nextFrame().frame else { return false }
        context.writeAndFlush(wrapOutboundOut(AudioSocketWire.encodeAudioFrame(frame)), promise: nil)
        return true
    }

    // MARK: Private

    private func start(context: ChannelHandlerContext) {
        guard !pacing else { return }
        context.writeAndFlush(wrapOutboundOut(AudioSocketWire.encode(.uuid(callID), allocator: context.channel.allocator)), promise: nil)
        ticker.value.add(self)
        pacing = true
    }

    private func stopPacing() {
        guard pacing else { return }
        pacing = false
        ticker.value.remove(self)
    }
}
