import Foundation
import Logging
import MiniBotTelephony
import MiniBotTestKit
import Testing

/// The fake switch behaves like FreeSWITCH 1.10 where the real one was observed
/// (Tests/MiniBotRealFreeSwitchTests checks the same things against the real switch), and our
/// connector copes with each of those behaviours.
@Suite("Fake FreeSWITCH agrees with the real one", .timeLimit(.minutes(1)))
struct FakeFreeSwitchRealismTests {
    final class Log: @unchecked Sendable {
        private let lock = NSLock()
        private var events: [ESLEvent] = []
        func append(_ event: ESLEvent) { lock.withLock { events.append(event) } }
        var all: [ESLEvent] { lock.withLock { events } }
    }

    static func withClient(_ fake: FakeFreeSwitch, events: [String] = ESLClient.Configuration.callEvents,
                           _ body: @Sendable (ESLClient, Log) async throws -> Void) async throws {
        let client = ESLClient(configuration: .init(port: fake.port, events: events, initialReconnectDelay: .milliseconds(5),
                                                    maximumReconnectDelay: .milliseconds(50)))
        let log = Log()
        let stream = client.events()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            group.addTask { for await event in stream { log.append(event) } }
            defer {
                client.shutdown()
                fake.shutdown()
                group.cancelAll()
            }
            try await client.waitUntilConnected()
            try await body(client, log)
        }
    }

    @Test func anAPIEventFollowsEachCommandForAllSubscribers() async throws {
        let fake = try await FakeFreeSwitch.start()
        try await Self.withClient(fake, events: ["ALL"]) { client, log in
            _ = try await client.api("status")
            try await eventuallyTrue { log.all.map(\.name) == ["API"] }
            #expect(log.all.first?["API-Command"] == "status")
            _ = try await client.bgapi("status")
            // bgapi: the API event comes just before the BACKGROUND_JOB.
            try await eventuallyTrue { log.all.count == 3 }
            #expect(log.all.map(\.name) == ["API", "API", "BACKGROUND_JOB"])
        }
    }

    @Test func plainSubscribersSeeNoAPIEvents() async throws {
        let fake = try await FakeFreeSwitch.start()
        try await Self.withClient(fake) { client, log in
            _ = try await client.api("status")
            _ = try await client.bgapi("status")
            #expect(!log.all.contains { $0.name == "API" })
        }
    }

    @Test func busyHangsUpBeforeTheJobAndNoAnswerAfterIt() async throws {
        let fake = try await FakeFreeSwitch.start(configuration: .init(scenarios: ["0600009002": .busy, "0600009003": .noAnswer]))
        try await Self.withClient(fake) { client, log in
            let busy = UUID().uuidString.lowercased(), silent = UUID().uuidString.lowercased()
            #expect(try await client.bgapi("originate {origination_uuid=\(busy)}loopback/0600009002/t &park()") == "-ERR USER_BUSY")
            #expect(try await client.bgapi("originate {origination_uuid=\(silent)}loopback/0600009003/t &park()") == "-ERR NO_ANSWER")
            try await eventuallyTrue { log.all.filter { $0.name == "BACKGROUND_JOB" }.count == 2 }
            try await eventuallyTrue { log.all.contains { $0["Unique-ID"] == silent && $0.name == "CHANNEL_HANGUP_COMPLETE" } }
            func order(_ id: String) -> [String] {
                log.all.filter { $0["Unique-ID"] == id || ($0.name == "BACKGROUND_JOB" && ($0["Job-Command-Arg"] ?? "").contains(id)) }.map(\.name)
            }
            #expect(order(busy) == ["CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE", "BACKGROUND_JOB"])
            #expect(order(silent) == ["BACKGROUND_JOB", "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE"])
        }
    }

    @Test func loopbackCallsHaveASecondLegThatOurSessionIgnores() async throws {
        let fake = try await FakeFreeSwitch.start(configuration: .init(defaultScenario: .answer()))
        try await Self.withClient(fake) { client, log in
            let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0))
            let dialer = FreeSwitchDialer(client: client, audioStreams: streams, configuration: .init(
                gateway: "gw", soundsDirectory: NSTemporaryDirectory() + "fs-realism", dialString: "loopback/{number}/minibot-test"))
            let attempt = try await dialer.dial(DialRequest(number: "0600009001"))
            let session = try #require(attempt.session)
            #expect(fake.commands(startingWith: "originate").first?.hasSuffix("}loopback/0600009001/minibot-test &park()") == true)
            let answers = log.all.filter { $0.name == "CHANNEL_ANSWER" }
            #expect(Set(answers.compactMap(\.uniqueID)).count == 2, "two legs, two Unique-IDs")
            fake.hangUp(callID: attempt.callID)
            var ends: [CallEndReason] = []
            for await event in session.events { if case .hangup(let reason) = event { ends.append(reason) } }
            #expect(ends == [.remoteHangup], "the -b leg's hangup is not ours; ours ends the call once")
            await streams.shutdownGracefully()
        }
    }

    @Test func withoutModAmdTheOriginateAsksForNoAMD() async throws {
        var configuration = FakeFreeSwitch.Configuration()
        configuration.loadedModules = ["mod_audio_stream"]
        let fake = try await FakeFreeSwitch.start(configuration: configuration)
        try await Self.withClient(fake) { client, _ in
            let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0))
            let dialer = FreeSwitchDialer(client: client, audioStreams: streams,
                                          configuration: .init(gateway: "gw", soundsDirectory: NSTemporaryDirectory() + "fs-realism"))
            var request = DialRequest(number: "0600009001")
            request.detectsAnsweringMachine = true
            let attempt = try await dialer.dial(request)
            #expect(attempt.outcome == .answered)
            #expect(fake.commands(startingWith: "originate").first?.contains("execute_on_answer") == false)
            #expect(fake.receivedCommands.filter { $0 == "module_exists mod_amd" }.count == 1)
            _ = try await dialer.dial(request)
            #expect(fake.receivedCommands.filter { $0 == "module_exists mod_amd" }.count == 1, "asked once per connection")
            await streams.shutdownGracefully()
        }
    }

    @Test func callsKilledByARestartEndWhenTheEventSocketComesBack() async throws {
        let fake = try await FakeFreeSwitch.start()
        try await Self.withClient(fake) { client, _ in
            let streams = try await AudioStreamServer.bind(configuration: .init(host: "127.0.0.1", port: 0))
            let dialer = FreeSwitchDialer(client: client, audioStreams: streams,
                                          configuration: .init(gateway: "gw", soundsDirectory: NSTemporaryDirectory() + "fs-realism"))
            let attempt = try await dialer.dial(DialRequest(number: "0600009001"))
            let session = try #require(attempt.session)
            let generation = client.connectionGeneration
            fake.restart()
            try await client.waitUntilConnected(newerThan: generation)
            var ends: [CallEndReason] = []
            for await event in session.events { if case .hangup(let reason) = event { ends.append(reason) } }
            #expect(ends == [.remoteHangup])
            #expect(fake.receivedCommands.contains("uuid_exists \(attempt.callID.uuidString.lowercased())"))
            // The next dial works on the new connection.
            let next = try await dialer.dial(DialRequest(number: "0600009001"))
            #expect(next.outcome == .answered)
            await streams.shutdownGracefully()
        }
    }

    @Test func subscriptionListsPlainNamesBeforeCustomSubclasses() {
        let names = ESLClient.subscriptionOrder(["CHANNEL_ANSWER", "CUSTOM", "mod_audio_stream::connect", "DTMF", "BACKGROUND_JOB",
                                                           "DTMF"])
        #expect(names == ["CHANNEL_ANSWER", "DTMF", "BACKGROUND_JOB", "CUSTOM", "mod_audio_stream::connect"])
    }
}

/// Polls a condition that only a later event can make true (bounded: 2 s).
func eventuallyTrue(_ condition: @Sendable () -> Bool) async throws {
    for _ in 0..<200 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition not met within 2 s")
}
