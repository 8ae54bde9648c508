import NIOCore

/// A command on its way to FreeSWITCH with the promise its reply completes.
struct ESLRequest: Sendable {
    var bytes: ByteBuffer
    var promise: EventLoopPromise<ESLMessage>
}

/// What the client's read loop receives, in socket order.
enum ESLInbound: Sendable {
    case message(ESLMessage)
    /// A reply and the promise of the command it answers; the read loop completes it, so a
    /// command returns only after every event received before its reply has been dispatched.
    case reply(ESLMessage, EventLoopPromise<ESLMessage>)
}

/// Pairs commands with replies: the Event Socket answers commands strictly in order
/// (`command/reply` or `api/response`), interleaved with events. Promises queue here, on the
/// event loop, in write order, so pairing is exact. Replies and every other message (events,
/// greeting, disconnect notice) go to `deliver` in socket order. When the connection closes,
/// promises still waiting for a reply fail.
final class ESLClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ESLMessage
    typealias OutboundIn = ESLRequest
    typealias OutboundOut = ByteBuffer

    private var pending: CircularBuffer<EventLoopPromise<ESLMessage>> = []
    private let deliver: AsyncStream<ESLInbound>.Continuation

    init(deliver: AsyncStream<ESLInbound>.Continuation) {
        self.deliver = deliver
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message = unwrapInboundIn(data)
        switch message.contentType {
        case .commandReply, .apiResponse:
            if let promise = pending.popFirst() {
                deliver.yield(.reply(message, promise))
            } else {
                deliver.yield(.message(message)) // unsolicited reply: let the client log it
            }
        default:
            deliver.yield(.message(message))
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending.append(request.promise)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll()
        deliver.finish()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        failAll()
        deliver.finish()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A framing error leaves the stream out of sync: drop the connection, the client reconnects.
        deliver.yield(.message(ESLMessage(headers: ESLHeaders([("Content-Type", "x-minibot/error"), ("Reason", "\(error)")]))))
        context.close(promise: nil)
    }

    private func failAll() {
        while let promise = pending.popFirst() { promise.fail(ESLCommandError.disconnected) }
    }
}
