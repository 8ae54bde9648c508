import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
@testable import MiniBotTelephony

@Suite("AudioSocket over real loopback TCP", .timeLimit(.minutes(1)))
struct AudioSocketLoopbackTests {
    @Test("caller audio arrives in order; a 1 s prompt reaches the caller as 50 frames of 320 bytes")
    func callRoundTrip() async throws {
        let (observations, sink) = AsyncStream.makeStream(of: CallObservation.self)
        let prompt = Prompt(id: "welcome", frames: (0..<50).map { rampFrame($0, seed: 20_000) })
        let callerFrames = (0..<10).map { rampFrame($0) }
        let callID = UUID()
        try await withAudioSocketServer(handler: { session in
            await observeCall(session, playing: prompt, hangUpAfterPrompt: true, into: sink)
        }) { _, port in
            let received = try await AudioSocketClient.withConnection(port: port, callID: callID) { call in
                await call.send(frames: callerFrames)
                var audio: [[Int16]] = []
                var payloadSizes = Set<Int>()
                var gotHangup = false
                for await item in call.received {
                    switch item.message {
                    case .audio(let rate, let payload):
                        #expect(rate == .hz8000)
                        payloadSizes.insert(payload.readableBytes)
                        audio.append(item.message.samples ?? [])
                    case .hangup: gotHangup = true
                    default: Issue.record("unexpected \(item.message)")
                    }
                }
                #expect(gotHangup)
                #expect(payloadSizes == [320])
                return audio
            }
            #expect(received.filter { !isSilence($0) } == prompt.frames)
        }
        var iterator = observations.makeAsyncIterator()
        let seen = try #require(await iterator.next())
        #expect(seen.callID == callID)
        #expect(seen.transport == "audiosocket")
        #expect(seen.audio == callerFrames)
        #expect(seen.playback == [PlaybackReport(promptID: "welcome", framesPlayed: 50, interrupted: false)])
        #expect(seen.end == .localHangup)
    }

    @Test("stop() mid-prompt: no prompt frame leaves after it, dropped + played = prompt length")
    func bargeInStop() async throws {
        let (observations, sink) = AsyncStream.makeStream(of: CallObservation.self)
        // 10 s long, so a loaded machine cannot finish it before the DTMF-triggered stop lands.
        let prompt = Prompt(id: "long", frames: (0..<500).map { rampFrame($0, seed: 5) })
        try await withAudioSocketServer(handler: { session in
            await observeCall(session, playing: prompt, stopOnDTMF: true, into: sink)
        }) { _, port in
            let promptFramesReceived = try await AudioSocketClient.withConnection(port: port, callID: UUID()) { call in
                var promptFrames: [[Int16]] = []
                var silentAfterStop = 0
                var sentDTMF = false
                for await item in call.received {
                    guard let samples = item.message.samples else { continue }
                    if isSilence(samples) {
                        if sentDTMF { silentAfterStop += 1 }
                        if silentAfterStop == 5 { break }
                    } else {
                        #expect(silentAfterStop == 0, "prompt audio after silence resumed")
                        promptFrames.append(samples)
                    }
                    if promptFrames.count == 10 && !sentDTMF {
                        sentDTMF = true
                        await call.sendDTMF("1")
                    }
                }
                await call.hangup()
                return promptFrames
            }
            #expect(promptFramesReceived == Array(prompt.frames.prefix(promptFramesReceived.count)))
        }
        var iterator = observations.makeAsyncIterator()
        let seen = try #require(await iterator.next())
        let report = try #require(seen.playback.first)
        let dropped = try #require(seen.dropped)
        #expect(report.interrupted)
        #expect(report.framesPlayed + dropped == 500)
        #expect(dropped > 0)
        #expect(seen.dtmf == ["1"])
        #expect(seen.end == .remoteHangup)
    }

    @Test("DTMF and the caller's hangup reach the session")
    func dtmfAndRemoteHangup() async throws {
        let (observations, sink) = AsyncStream.makeStream(of: CallObservation.self)
        try await withAudioSocketServer(handler: { session in
            await observeCall(session, into: sink)
        }) { _, port in
            try await AudioSocketClient.withConnection(port: port, callID: UUID()) { call in
                await call.sendDTMF("4")
                await call.sendDTMF("#")
                await call.hangup()
            }
            // Wait inside the server's lifetime: the listener accepts on demand, so shutting it
            // down before `run` has picked up the connection would drop it.
            var iterator = observations.makeAsyncIterator()
            let seen = try #require(await iterator.next())
            #expect(seen.dtmf == ["4", "#"])
            #expect(seen.end == .remoteHangup)
        }
    }

    @Test("a malformed frame closes only that call, logged with its call_id; the other call streams on")
    func malformedFrameIsolation() async throws {
        let (observations, sink) = AsyncStream.makeStream(of: CallObservation.self)
        let logs = RecordingLogHandlerStore()
        let prompt = Prompt(id: "p", frames: (0..<25).map { rampFrame($0, seed: 9) })
        let good = UUID()
        let bad = UUID()
        let callerFrames = (0..<50).map { rampFrame($0, seed: 3) }
        try await withAudioSocketServer(logger: logs.logger(), handler: { session in
            await observeCall(session, playing: prompt, into: sink)
        }) { _, port in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await AudioSocketClient.withConnection(port: port, callID: good) { call in
                        await call.send(frames: callerFrames)
                        var promptFrames = 0
                        for await item in call.received {
                            if let samples = item.message.samples, !isSilence(samples) { promptFrames += 1 }
                            if promptFrames == 25 { break }
                        }
                        #expect(promptFrames == 25) // 0.5 s of bot audio after the bad call was closed
                    }
                }
                group.addTask {
                    try await AudioSocketClient.withConnection(port: port, callID: bad) { call in
                        await call.sendNow(.audio(rate: .hz8000, payload: ByteBuffer(bytes: [1, 2, 3])))
                        for await _ in call.received {} // ends when the server closes the socket
                    }
                }
                try await group.waitForAll()
            }
        }
        var iterator = observations.makeAsyncIterator()
        var byCall: [UUID: CallObservation] = [:]
        for _ in 0..<2 {
            let seen = try #require(await iterator.next())
            byCall[seen.callID] = seen
        }
        let badCall = try #require(byCall[bad])
        guard case .protocolError(let why) = badCall.end else {
            Issue.record("bad call ended with \(String(describing: badCall.end))")
            return
        }
        #expect(why == .malformedFrame(.oddLengthAudio(kind: 0x10, length: 3)))
        #expect(why.description.contains("odd length 3"))
        let goodCall = try #require(byCall[good])
        #expect(goodCall.audio.count >= 20) // ~25 caller frames streamed in the 0.5 s the test lasts
        #expect(goodCall.audio == Array(callerFrames.prefix(goodCall.audio.count)))
        #expect(goodCall.end == .connectionClosed)
        let errorLines = logs.records.filter { $0.level == .error }
        #expect(!errorLines.isEmpty)
        #expect(errorLines.allSatisfy { $0.metadata["call_id"] == bad.uuidString })
    }

    @Test("over MAX_CONCURRENT_CALLS a connection gets an AudioSocket hangup, is closed and counted")
    func concurrencyLimit() async throws {
        let (started, startedSink) = AsyncStream.makeStream(of: UUID.self)
        var configuration = AudioSocketServer.Configuration(port: 0)
        configuration.maximumConcurrentCalls = 1
        try await withAudioSocketServer(configuration: configuration, handler: { session in
            startedSink.yield(session.callID)
            await session.play(Prompt(id: "p", frames: (0..<200).map { rampFrame($0) }))
            for await _ in session.events {}
        }) { server, port in
            try await AudioSocketClient.withConnection(port: port, callID: UUID()) { first in
                var startedIterator = started.makeAsyncIterator()
                #expect(await startedIterator.next() == first.callID)
                let refused = try await AudioSocketClient.withConnection(port: port, callID: UUID()) { second in
                    var messages: [AudioSocketMessage] = []
                    for await item in second.received { messages.append(item.message) }
                    return messages
                }
                #expect(refused == [.hangup])
                #expect(server.statistics.snapshot().rejectedCalls == 1)
                // The live call is untouched.
                var voiced = 0
                for await item in first.received {
                    if let samples = item.message.samples, !isSilence(samples) { voiced += 1 }
                    if voiced == 3 { break }
                }
                #expect(voiced == 3)
                #expect(server.statistics.snapshot().activeCalls == 1)
                await first.hangup()
            }
        }
    }

    @Test("graceful shutdown stops accepting but lets the live call finish")
    func gracefulShutdown() async throws {
        let (started, startedSink) = AsyncStream.makeStream(of: UUID.self)
        let (observations, sink) = AsyncStream.makeStream(of: CallObservation.self)
        try await withAudioSocketServer(handler: { session in
            startedSink.yield(session.callID)
            await observeCall(session, playing: Prompt(id: "p", frames: (0..<100).map { rampFrame($0) }), into: sink)
        }) { server, port in
            try await AudioSocketClient.withConnection(port: port, callID: UUID()) { call in
                var startedIterator = started.makeAsyncIterator()
                _ = await startedIterator.next()
                #expect(server.isAcceptingCalls)
                await server.shutdownGracefully()
                #expect(!server.isAcceptingCalls)
                var voiced = 0
                for await item in call.received {
                    if let samples = item.message.samples, !isSilence(samples) { voiced += 1 }
                    if voiced == 5 { break }
                }
                #expect(voiced == 5)
                await call.hangup()
            }
        }
        var iterator = observations.makeAsyncIterator()
        #expect(await iterator.next()?.end == .remoteHangup)
        // (Refused connections after shutdown are not asserted by reconnecting: parallel tests
        // may already have re-bound the freed ephemeral port.)
    }

    @Test("audio before the UUID is refused and the socket closed")
    func audioBeforeUUID() async throws {
        let logs = RecordingLogHandlerStore()
        try await withAudioSocketServer(logger: logs.logger(), handler: { _ in
            Issue.record("no session expected")
        }) { server, port in
            try await withRawConnection(port: port) { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: AudioSocketMessage.audio(samples: rampFrame(0)).encodedBytes()))
                for try await _ in inbound {}
            }
            #expect(server.statistics.snapshot().protocolErrors == 1)
            #expect(server.statistics.snapshot().acceptedCalls == 1)
        }
        #expect(logs.records.contains { $0.level == .error && $0.message.contains("protocol error") })
    }

    @Test("a peer that never sends its UUID is closed after the timeout")
    func uuidTimeout() async throws {
        var configuration = AudioSocketServer.Configuration(port: 0)
        configuration.uuidTimeout = .milliseconds(100)
        try await withAudioSocketServer(configuration: configuration, handler: { _ in
            Issue.record("no session expected")
        }) { server, port in
            try await withRawConnection(port: port) { inbound, _ in
                for try await _ in inbound {}
            }
            #expect(server.statistics.snapshot().protocolErrors == 1)
        }
    }
}
