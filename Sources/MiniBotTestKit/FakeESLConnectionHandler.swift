import NIOCore

/// One ESL connection to ``FakeFreeSwitch``: greets with `auth/request`, splits commands at the
/// blank line, and writes replies then resulting events in FreeSWITCH's order.
final class FakeESLConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let fake: FakeFreeSwitch?
    private var pending = ""

    init(fake: FakeFreeSwitch?) {
        self.fake = fake
    }

    func channelActive(context: ChannelHandlerContext) {
        fake?.state.withLock { $0.connections[ObjectIdentifier(context.channel)] = FakeFreeSwitch.Connection(channel: context.channel) }
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "Content-Type: auth/request\n\n")), promise: nil)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        _ = fake?.state.withLock { $0.connections.removeValue(forKey: ObjectIdentifier(context.channel)) }
        fake?.notifyWaiters()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        pending += buffer.readString(length: buffer.readableBytes) ?? ""
        while let range = pending.range(of: "\n\n") {
            let block = String(pending[..<range.lowerBound])
            pending.removeSubrange(..<range.upperBound)
            guard let fake else { continue }
            let result = fake.handle(block: block, channel: context.channel)
            if !result.reply.isEmpty {
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: result.reply)), promise: nil)
            }
            if !result.after.isEmpty { fake.broadcast(result.after) }
            fake.notifyWaiters()
            if result.close {
                context.close(promise: nil)
                return
            }
        }
    }
}
