import Foundation
import MiniBotTelephony

/// AudioSocket hot paths: one 20 ms frame through the codec, and the per-tick work of pacing.
/// `swift run -c release minibot-bench audiosocket`
func telephonyBenchmarks() -> [BenchmarkCase] {
    let frames: [[Int16]] = (0..<50).map { index in
        (0..<160).map { Int16(truncatingIfNeeded: index * 331 + $0 * 17) }
    }
    let wire: [UInt8] = frames.flatMap { AudioSocketMessage.audio(samples: $0).encodedBytes() }
    let prompt = Prompt(id: "bench", frames: frames)

    return [
        .throughput("audiosocket encode frame", units: 50, unit: "frame") {
            var total = 0
            for frame in frames { total &+= AudioSocketMessage.audio(samples: frame).encodedBytes().count }
            blackHole(total)
        },
        .throughput("audiosocket decode frame", units: 50, unit: "frame") {
            let messages = (try? AudioSocketMessage.decodeAll(from: wire)) ?? []
            var total = 0
            for message in messages { total &+= message.samples?.count ?? 0 }
            blackHole(total)
        },
        .throughput("audiosocket decode+encode frame", units: 50, unit: "frame") {
            let messages = (try? AudioSocketMessage.decodeAll(from: wire)) ?? []
            var total = 0
            for message in messages {
                total &+= AudioSocketMessage.audio(samples: message.samples ?? []).encodedBytes().count
            }
            blackHole(total)
        },
        .throughput("audiosocket pacing tick (queue+pacer)", units: 50, unit: "frame") {
            var queue = OutboundFrameQueue()
            var pacer = OutboundPacer(startNanoseconds: 0)
            queue.enqueue(prompt)
            var now: UInt64 = 0
            var sent = 0
            for _ in 0..<50 {
                now = pacer.nextDeadline + 1_000
                for _ in 0..<pacer.framesDue(at: now) {
                    if queue.nextFrame().frame != nil { sent += 1 }
                    pacer.recordSend(at: now)
                }
            }
            blackHole(sent)
        },
    ]
}

/// Result of ``audioSocketLoadBenchmark(calls:seconds:)``.
struct AudioSocketLoadResult {
    var calls: Int
    var seconds: Int
    /// Server-side: frames sent > 5 ms after their deadline, in % of all paced bot frames.
    var serverLatePercent: Double
    var serverWorstLatenessMs: Double
    /// Client-side: bot frames arriving > 5 ms behind their ideal 20 ms grid, in %.
    var clientLatePercent: Double
    var framesReceivedPerCall: Double
    var callerFramesPerCall: Double
    /// Whole process (server AND the simulated Asterisk clients), % of one core.
    var cpuPercent: Double
    /// Resident-memory growth per call, both sides included (an upper bound for the server).
    var residentKiBPerCall: Double
}

/// N simultaneous loopback AudioSocket calls for `seconds`: every call streams caller audio
/// in and bot audio out, paced at 20 ms both ways, in this one process.
/// `minibot-bench audiosocket-load 500 10` style wiring prints one line.
@discardableResult
func audioSocketLoadBenchmark(calls: Int, seconds: Int) async -> AudioSocketLoadResult? {
    let framesPerCall = seconds * 50
    let botPrompt = Prompt(id: "load", frames: (0..<framesPerCall).map { index in
        (0..<160).map { Int16(truncatingIfNeeded: 1 + index * 7 + $0) }
    })
    let callerFrames: [[Int16]] = (0..<framesPerCall).map { index in
        (0..<160).map { Int16(truncatingIfNeeded: 3 + index + $0 * 5) }
    }
    var configuration = AudioSocketServer.Configuration(host: "127.0.0.1", port: 0)
    configuration.maximumConcurrentCalls = calls + 16
    let rssBefore = benchResidentKiB()
    guard let server = try? await AudioSocketServer.bind(configuration: configuration),
          let port = server.localPort
    else {
        print("audiosocket load: cannot bind")
        return nil
    }
    let (peakSamples, peakSink) = AsyncStream.makeStream(of: Int.self)
    let cpuStart = benchCPUSeconds()
    let wallStart = ContinuousClock.now

    let clientStats: [(late: Int, received: Int)] = await withTaskGroup(of: Void.self) { serverGroup in
        serverGroup.addTask {
            try? await server.run { session in
                await session.play(botPrompt)
                var inbound = 0
                for await event in session.events {
                    switch event {
                    case .audio: inbound += 1
                    case .playbackFinished: await session.hangup()
                    default: break
                    }
                }
                blackHole(inbound)
            }
        }
        let results = await withTaskGroup(of: (late: Int, received: Int).self) { group in
            for index in 0..<calls {
                group.addTask {
                    // Calls arrive over the first second, as they would from a dialer.
                    try? await Task.sleep(for: .microseconds(1_000_000 * index / max(1, calls)))
                    let id = UUID()
                    let outcome = try? await AudioSocketClient.withConnection(port: port, callID: id) { call in
                        await call.send(frames: callerFrames)
                        var arrivals: [UInt64] = []
                        arrivals.reserveCapacity(framesPerCall)
                        for await item in call.received {
                            if let samples = item.message.samples, samples.contains(where: { $0 != 0 }) {
                                arrivals.append(item.arrivalNanoseconds)
                                if arrivals.count == framesPerCall / 2 && index == 0 {
                                    peakSink.yield(benchResidentKiB())
                                }
                            }
                        }
                        return (late: lateOnGrid(arrivals), received: arrivals.count)
                    }
                    return outcome ?? (late: 0, received: 0)
                }
            }
            var all: [(late: Int, received: Int)] = []
            for await result in group { all.append(result) }
            return all
        }
        await server.shutdownGracefully()
        await serverGroup.waitForAll()
        return results
    }
    peakSink.finish()
    var peak = 0
    for await sample in peakSamples { peak = max(peak, sample) }

    let wall = ContinuousClock.now - wallStart
    let wallSeconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    let cpu = benchCPUSeconds() - cpuStart
    let stats = server.statistics.snapshot()
    let received = clientStats.reduce(0) { $0 + $1.received }
    let late = clientStats.reduce(0) { $0 + $1.late }
    let result = AudioSocketLoadResult(
        calls: calls,
        seconds: seconds,
        serverLatePercent: stats.lateFramePercentage,
        serverWorstLatenessMs: Double(stats.worstLatenessNanoseconds) / 1e6,
        clientLatePercent: received == 0 ? 100 : 100 * Double(late) / Double(received),
        framesReceivedPerCall: Double(received) / Double(max(1, calls)),
        callerFramesPerCall: Double(AudioSocketClient.statistics.snapshot().framesSent) / Double(max(1, calls)),
        cpuPercent: 100 * cpu / max(wallSeconds, 0.001),
        residentKiBPerCall: Double(max(0, peak - rssBefore)) / Double(max(1, calls))
    )
    print(String(format: "audiosocket load %4d calls × %ds: late>5ms server %.3f%% (worst %.1f ms) client %.3f%%  "
        + "frames/call %.0f/%d  CPU %.0f%% (both sides)  RSS %.0f KiB/call (both sides)",
        calls, seconds, result.serverLatePercent, result.serverWorstLatenessMs, result.clientLatePercent,
        result.framesReceivedPerCall, framesPerCall, result.cpuPercent, result.residentKiBPerCall))
    return result
}

/// Frames arriving more than 5 ms behind the best 20 ms grid through the earliest arrivals.
private func lateOnGrid(_ arrivals: [UInt64]) -> Int {
    guard let first = arrivals.first else { return 0 }
    let offsets = arrivals.enumerated().map { Int64(bitPattern: $1 &- first) - Int64($0) * 20_000_000 }
    let base = offsets.min() ?? 0
    return offsets.filter { $0 - base > 5_000_000 }.count
}


