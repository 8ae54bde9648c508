import Foundation
import MiniBotTelephony
import MiniBotTestKit
import Testing

@Suite("ESL client against the fake FreeSWITCH")
struct ESLClientTests {
    @Test func authenticatesSubscribesAndRunsApi() async throws {
        try await FreeSwitchRig.with { rig in
            #expect(rig.fake.authenticationCount == 1)
            let subscription = try #require(rig.fake.subscriptions.first)
            #expect(subscription.hasPrefix("event plain "))
            #expect(subscription.contains("BACKGROUND_JOB"))
            #expect(subscription.contains("CHANNEL_HANGUP_COMPLETE"))
            let status = try await rig.client.api("status")
            #expect(status.hasPrefix("UP "))
            await #expect(throws: ESLCommandError.self) { try await rig.client.api("no_such_command") }
        }
    }

    @Test func bgapiResultsAreMatchedByJobUUID() async throws {
        let fake = FakeFreeSwitch.Configuration(scenarios: ["0600000017": .busy, "0600000019": .noAnswer])
        try await FreeSwitchRig.with(fake) { rig in
            let id1 = UUID(), id2 = UUID()
            async let busy = rig.client.bgapi("originate {origination_uuid=\(id1)}sofia/gateway/gw1/0600000017 &park()")
            async let silent = rig.client.bgapi("originate {origination_uuid=\(id2)}sofia/gateway/gw1/0600000019 &park()")
            let (busyOutput, silentOutput) = try await (busy, silent)
            #expect(busyOutput == "-ERR USER_BUSY")
            #expect(silentOutput == "-ERR NO_ANSWER")
        }
    }

    @Test func wrongPasswordIsRetriedNeverConnected() async throws {
        try await FreeSwitchRig.with(password: "wrong", waitForConnection: false) { rig in
            await rig.fake.waitUntil { $0.failedAuthentications >= 2 }
            #expect(rig.fake.authenticationCount == 0)
            #expect(!rig.client.isConnected)
            await #expect(throws: ESLCommandError.notConnected) { try await rig.client.api("status") }
        }
    }

    @Test func pendingCommandFailsCleanlyWhenTheConnectionDrops() async throws {
        var configuration = FakeFreeSwitch.Configuration()
        configuration.unansweredVerbs = ["uuid_hold"]
        try await FreeSwitchRig.with(configuration) { rig in
            let generation = rig.client.connectionGeneration
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    await #expect(throws: ESLCommandError.disconnected) { try await rig.client.api("uuid_hold abc") }
                }
                await rig.fake.waitUntil { $0.commands.contains("uuid_hold abc") }
                rig.fake.dropConnections()
                try await group.waitForAll()
            }
            try await rig.client.waitUntilConnected(newerThan: generation)
            #expect(try await rig.client.api("status").hasPrefix("UP "))
            #expect(rig.fake.authenticationCount == 2)
        }
    }

    @Test func jsonEventsWork() async throws {
        try await FreeSwitchRig.with(.init(scenarios: ["0600000017": .busy]), format: .json) { rig in
            #expect(rig.fake.subscriptions.first?.hasPrefix("event json ") == true)
            let attempt = try await rig.dialer.dial(DialRequest(number: "0600000017"))
            #expect(attempt.outcome == .busy(Q850Cause(code: 17, name: "USER_BUSY")))
        }
    }
}
