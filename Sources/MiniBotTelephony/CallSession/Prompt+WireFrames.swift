import NIOCore
import Synchronization

/// Each prompt's frames encoded once as AudioSocket `0x10` messages and shared by every call
/// that plays it: the 20 ms tick then writes a ref-counted `ByteBuffer` per call instead of
/// allocating and copying 323 bytes per call per frame.
final class PromptWireCache: Sendable {
    private let encoded = Mutex<[ByteBuffer]?>(nil)

    init() {}

    /// Encoded frame `index` of `prompt` (encodes the whole prompt on first use).
    func frame(_ index: Int, of frames: [[Int16]]) -> ByteBuffer {
        encoded.withLock { cached in
            if let cached { return cached[index] }
            let all = frames.map(AudioSocketWire.encodeAudioFrame)
            cached = all
            return all[index]
        }
    }
}

/// Encoding helpers shared by the server and client handlers.
enum AudioSocketWire {
    static func encodeAudioFrame(_ samples: [Int16]) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: 3 + samples.count * 2)
        buffer.writeInteger(AudioSocketKind.audio8k)
        buffer.writeInteger(UInt16(truncatingIfNeeded: samples.count * 2), endianness: .big)
        buffer.writeLittleEndianSamples(samples)
        return buffer
    }

    static func encode(_ message: AudioSocketMessage, allocator: ByteBufferAllocator) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 3 + 16)
        message.write(to: &buffer)
        return buffer
    }

    /// Sends an AudioSocket hangup, then closes our side for writing and lets the peer close:
    /// closing outright with the peer's audio still unread would make the kernel answer with a
    /// TCP reset, which can destroy the hangup message before the peer reads it. After
    /// `lingerTimeout` the socket is closed regardless.
    static func sendHangupAndClose(context: ChannelHandlerContext, lingerTimeout: TimeAmount = .seconds(2)) {
        let channel = context.channel
        let hangup = encode(.hangup, allocator: channel.allocator)
        context.writeAndFlush(NIOAny(hangup)).flatMap {
            channel.close(mode: .output)
        }.whenComplete { _ in
            channel.eventLoop.scheduleTask(in: lingerTimeout) { channel.close(promise: nil) }
        }
    }

    /// 20 ms of silence, encoded once.
    static let silenceFrame = encodeAudioFrame(OutboundFrameQueue.silence)
}
