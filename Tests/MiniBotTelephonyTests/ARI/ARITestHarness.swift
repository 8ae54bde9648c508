import Foundation
import MiniBotTelephony
import MiniBotTestKit

/// The fake Asterisk (REST + events + AudioSocket legs), our ARI client, our AudioSocket server
/// with its session router, and the dialer, each running in a child task.
struct ARIRig {
    let fake: FakeARI
    let client: ARIClient
    let dialer: ARIDialer
    let audioSocket: AudioSocketServer

    static func with(_ configuration: FakeARI.Configuration = .init(), endpointTemplate: String = "PJSIP/{number}@trunk",
                     _ body: (ARIRig) async throws -> Void) async throws {
        let fake = try await FakeARI.start(configuration: configuration)
        let audioSocket = try await AudioSocketServer.bind(configuration: .init(host: "127.0.0.1", port: 0, sendsSilenceWhenIdle: false))
        let router = AudioSocketSessionRouter()
        let client = ARIClient(configuration: .init(url: fake.url, username: "minibot", password: "secret",
                                                    initialReconnectDelay: .milliseconds(5), maximumReconnectDelay: .milliseconds(50)))
        let dialer = ARIDialer(client: client, router: router, configuration: .init(
            endpointTemplate: endpointTemplate, audioSocketAddress: "127.0.0.1:\(audioSocket.localPort ?? 0)",
            machineDetectionContext: "minibot-amd"))
        let rig = ARIRig(fake: fake, client: client, dialer: dialer, audioSocket: audioSocket)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            group.addTask { try await audioSocket.run { await router.route($0) } }
            group.addTask { try await client.run() }
            var failure: (any Error)?
            do {
                try await client.waitUntilConnected()
                await fake.waitForEventSockets(1)
                try await body(rig)
            } catch {
                failure = error
            }
            client.shutdown()
            fake.shutdown()
            await audioSocket.shutdownGracefully()
            group.cancelAll()
            if let failure { throw failure }
        }
    }
}
