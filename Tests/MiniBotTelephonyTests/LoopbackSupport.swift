import Foundation
import Logging
import NIOCore
import NIOPosix
import Testing
@testable import MiniBotTelephony

/// Runs an AudioSocket server on a free loopback port around `body`, then shuts it down
/// gracefully and waits for `run` to return (so every call must have ended).
func withAudioSocketServer(
    configuration: AudioSocketServer.Configuration = AudioSocketServer.Configuration(port: 0),
    logger: Logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }),
    handler: @escaping @Sendable (any CallSession) async -> Void,
    _ body: (AudioSocketServer, Int) async throws -> Void
) async throws {
    var configuration = configuration
    configuration.port = 0
    let server = try await AudioSocketServer.bind(configuration: configuration, logger: logger)
    let port = try #require(server.localPort)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run(handler) }
        do {
            try await body(server, port)
        } catch {
            await server.shutdownGracefully()
            throw error
        }
        await server.shutdownGracefully()
        try await group.waitForAll()
    }
}

/// What a test's server-side handler saw on one call.
struct CallObservation: Sendable {
    var callID: UUID
    var transport: String
    var audio: [[Int16]] = []
    var dtmf: [Character] = []
    var playback: [PlaybackReport] = []
    var dropped: Int?
    var end: CallEndReason?
}

/// Collects every event of a session, optionally playing a prompt first; yields the result.
func observeCall(_ session: any CallSession, playing prompt: Prompt? = nil,
                 hangUpAfterPrompt: Bool = false, stopOnDTMF: Bool = false,
                 into sink: AsyncStream<CallObservation>.Continuation) async {
    var observation = CallObservation(callID: session.callID, transport: session.metadata.transport)
    if let prompt { await session.play(prompt) }
    for await event in session.events {
        switch event {
        case .audio(let samples, _): observation.audio.append(samples)
        case .dtmf(let digit):
            observation.dtmf.append(digit)
            if stopOnDTMF { observation.dropped = await session.stop() }
        case .playbackFinished(let report):
            observation.playback.append(report)
            if hangUpAfterPrompt { await session.hangup() }
        case .hangup(let reason): observation.end = reason
        }
    }
    sink.yield(observation)
}

func isSilence(_ samples: [Int16]) -> Bool { samples.allSatisfy { $0 == 0 } }

/// A plain TCP client for sending bytes that are not valid AudioSocket.
func withRawConnection<R: Sendable>(
    port: Int, _ body: (NIOAsyncChannelInboundStream<ByteBuffer>, NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws -> R
) async throws -> R {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in try await body(inbound, outbound) }
}
