import Foundation
import Logging
import MiniBotTelephony
import MiniBotTestKit

/// Everything a FreeSWITCH flow test needs, wired over loopback: the fake switch, our ESL
/// client, our audio-stream server and the dialer, each running in a child task.
struct FreeSwitchRig {
    let fake: FakeFreeSwitch
    let client: ESLClient
    let streams: AudioStreamServer
    let dialer: FreeSwitchDialer
    let soundsDirectory: String

    static func with(
        _ fakeConfiguration: FakeFreeSwitch.Configuration = .init(),
        format: ESLEventFormat = .plain,
        password: String = "ClueCon",
        waitForConnection: Bool = true,
        _ body: (FreeSwitchRig) async throws -> Void
    ) async throws {
        let fake = try await FakeFreeSwitch.start(configuration: fakeConfiguration)
        let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0))
        let client = ESLClient(configuration: .init(
            host: "127.0.0.1", port: fake.port, password: password, eventFormat: format,
            initialReconnectDelay: .milliseconds(5), maximumReconnectDelay: .milliseconds(50)))
        let sounds = FileManager.default.temporaryDirectory.appendingPathComponent("pbx-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: sounds) }
        let dialer = FreeSwitchDialer(client: client, audioStreams: streams,
                                      configuration: .init(gateway: "gw1", soundsDirectory: sounds))
        let rig = FreeSwitchRig(fake: fake, client: client, streams: streams, dialer: dialer, soundsDirectory: sounds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            group.addTask { try await streams.run() }
            group.addTask { try await client.run() }
            do {
                if waitForConnection { try await client.waitUntilConnected() }
                try await body(rig)
            } catch {
                client.shutdown()
                fake.shutdown()
                await streams.shutdownGracefully()
                group.cancelAll()
                throw error
            }
            client.shutdown()
            fake.shutdown()
            await streams.shutdownGracefully()
            group.cancelAll()
        }
    }
}

/// Pulls events from a session, skipping the kinds a test is not looking at.
struct EventReader {
    var iterator: CallEventStream.AsyncIterator

    init(_ session: any CallSession) {
        iterator = session.events.makeAsyncIterator()
    }

    /// Next event that is not audio (nil when the stream ended).
    mutating func nextControl() async -> CallEvent? {
        while let event = await iterator.next() {
            if case .audio = event { continue }
            return event
        }
        return nil
    }

    /// Collects audio frames until `count` arrived (or the stream ended).
    mutating func audioFrames(_ count: Int) async -> [[Int16]] {
        var frames: [[Int16]] = []
        while frames.count < count, let event = await iterator.next() {
            if case .audio(let samples, let rate) = event, rate == 8000 { frames.append(samples) }
        }
        return frames
    }
}
