import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// `minibot-bench probe HOST:PORT CALLS SECONDS`: plays Asterisk's side of AudioSocket against a
/// running `minibot serve --audiosocket`, from its own process so the callers' CPU is not counted as
/// the bot's. Each call sends its UUID, then one 20 ms frame of silence every 20 ms for SECONDS, then
/// a hang-up; the probe measures how late the bot's frames arrive against a 20 ms grid anchored on
/// each burst's earliest-possible start (a frame more than 5 ms behind its slot is late).
///
/// Calls start spread over the first second (as a PBX's calls would not all answer in one
/// millisecond). One timer per event loop sends every call's frame, so the probe itself stays cheap.
/// The last line is machine-readable: `probe calls=… frames=… late=… late_share=… p50_ms=… p99_ms=…`.
func audioSocketProbe(target: String, calls: Int, seconds: Int) async {
    let parts = target.split(separator: ":")
    guard parts.count == 2, let port = Int(parts[1]) else {
        print("probe: HOST:PORT expected, got \(target)")
        return
    }
    let host = String(parts[0])
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let stats = ProbeStatistics()
    let silence: ByteBuffer = {
        var buffer = ByteBufferAllocator().buffer(capacity: 323)
        buffer.writeInteger(UInt8(0x10))
        buffer.writeInteger(UInt16(320))
        buffer.writeRepeatingByte(0, count: 320)
        return buffer
    }()
    let loop = group.next()
    let calling = ProbeCallTable()
    // One pacing timer for every call on the loop.
    let ticker = loop.scheduleRepeatedTask(initialDelay: .milliseconds(20), delay: .milliseconds(20)) { _ in
        calling.forEachLive { channel in channel.writeAndFlush(silence, promise: nil) }
    }
    let started = ContinuousClock.now
    await withTaskGroup(of: Void.self) { tasks in
        for index in 0..<calls {
            let startAt = started + .milliseconds(index * 1_000 / max(calls, 1))
            tasks.addTask {
                try? await Task.sleep(until: startAt, clock: .continuous)
                do {
                    let handler = ProbeReceiver(stats: stats)
                    let channel = try await ClientBootstrap(group: loop)
                        .channelOption(.socketOption(.tcp_nodelay), value: 1)
                        .channelInitializer { $0.pipeline.addHandler(handler) }
                        .connect(host: host, port: port).get()
                    var uuid = channel.allocator.buffer(capacity: 19)
                    uuid.writeInteger(UInt8(0x01))
                    uuid.writeInteger(UInt16(16))
                    withUnsafeBytes(of: UUID().uuid) { uuid.writeBytes($0) }
                    try await channel.writeAndFlush(uuid)
                    let id = calling.add(channel)
                    try? await Task.sleep(for: .seconds(seconds))
                    calling.remove(id)
                    var hangup = channel.allocator.buffer(capacity: 3)
                    hangup.writeInteger(UInt8(0x00))
                    hangup.writeInteger(UInt16(0))
                    try? await channel.writeAndFlush(hangup)
                    try? await channel.close()
                    stats.callCompleted()
                } catch {
                    stats.callFailed()
                }
            }
        }
    }
    ticker.cancel()
    try? await group.shutdownGracefully()
    stats.report(calls: calls)
}

/// The live calls the loop's timer writes to (touched only from tasks and that loop; a mutex keeps it simple).
final class ProbeCallTable: Sendable {
    private let channels = Mutex<[Int: any Channel]>([:])
    private let nextID = Atomic<Int>(0)

    func add(_ channel: any Channel) -> Int {
        let id = nextID.add(1, ordering: .relaxed).newValue
        channels.withLock { $0[id] = channel }
        return id
    }

    func remove(_ id: Int) { _ = channels.withLock { $0.removeValue(forKey: id) } }

    func forEachLive(_ body: (any Channel) -> Void) {
        for channel in channels.withLock({ Array($0.values) }) { body(channel) }
    }
}

/// Lateness of every audio frame the bot sent, and call outcomes.
final class ProbeStatistics: Sendable {
    private let state = Mutex(State())

    struct State {
        var frames = 0
        var late = 0
        var lateness: [Double] = []
        var completed = 0
        var failed = 0
    }

    func record(latenessMs: Double) {
        state.withLock {
            $0.frames += 1
            if latenessMs > 5 { $0.late += 1 }
            $0.lateness.append(latenessMs)
        }
    }

    func callCompleted() { state.withLock { $0.completed += 1 } }
    func callFailed() { state.withLock { $0.failed += 1 } }

    func report(calls: Int) {
        let s = state.withLock { $0 }
        let sorted = s.lateness.sorted()
        func percentile(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(p * Double(sorted.count)))] }
        let share = s.frames == 0 ? 0 : Double(s.late) / Double(s.frames) * 100
        print("probe: \(s.completed)/\(calls) calls completed, \(s.failed) failed; \(s.frames) bot frames, "
              + String(format: "%.2f %% late > 5 ms (p50 %.2f ms, p99 %.2f ms)", share, percentile(0.5), percentile(0.99)))
        print(String(format: "probe calls=%d failed=%d frames=%d late=%d late_share=%.4f p50_ms=%.3f p99_ms=%.3f",
                     s.completed, s.failed, s.frames, s.late, share, percentile(0.5), percentile(0.99)))
    }
}

/// Reads AudioSocket frames (header only: kind, big-endian length) and times the audio ones.
final class ProbeReceiver: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    let stats: ProbeStatistics
    private var pending = ByteBuffer()
    /// The 20 ms grid of the current burst: its anchor (earliest possible start) and frame count.
    private var anchor: NIODeadline?
    private var framesInBurst = 0
    private var lastArrival: NIODeadline?

    init(stats: ProbeStatistics) { self.stats = stats }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        pending.writeBuffer(&incoming)
        let now = NIODeadline.now()
        while pending.readableBytes >= 3 {
            guard let kind = pending.getInteger(at: pending.readerIndex, as: UInt8.self),
                  let length = pending.getInteger(at: pending.readerIndex + 1, as: UInt16.self),
                  pending.readableBytes >= 3 + Int(length) else { break }
            pending.moveReaderIndex(forwardBy: 3 + Int(length))
            if kind == 0x10 { frameArrived(at: now) }
        }
        pending.discardReadBytes()
    }

    private func frameArrived(at now: NIODeadline) {
        let gap = lastArrival.map { now - $0 } ?? .hours(1)
        lastArrival = now
        if gap > .milliseconds(100) || anchor == nil {
            anchor = now
            framesInBurst = 0
            stats.record(latenessMs: 0)
            return
        }
        framesInBurst += 1
        let slot = anchor! + .milliseconds(Int64(framesInBurst * 20))
        if now < slot { anchor = now - .milliseconds(Int64(framesInBurst * 20)) } // earlier than the grid: re-anchor
        let lateness = now > slot ? Double((now - slot).nanoseconds) / 1e6 : 0
        stats.record(latenessMs: lateness)
    }
}
