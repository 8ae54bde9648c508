import Foundation
import MiniBotOutbound
import MiniBotTestKit
import Testing

@Suite("PBX reachability checks for minibot doctor", .timeLimit(.minutes(1)))
struct PBXReachabilityTests {
    static func freeSwitch(port: Int, password: String) -> PBXConfiguration {
        var configuration = PBXConfiguration(kind: .freeswitch)
        configuration.freeSwitch?.eslPort = port
        configuration.freeSwitch?.eslPassword = password
        configuration.freeSwitch?.audioStreamHost = "127.0.0.1"
        configuration.freeSwitch?.audioStreamPort = 0
        return configuration
    }

    @Test func eventSocketAuthenticatesAndAnswersStatus() async throws {
        let fake = try await FakeFreeSwitch.start()
        defer { fake.shutdown() }
        let checks = await PBXLine.checkReachability(Self.freeSwitch(port: fake.port, password: "ClueCon"))
        #expect(checks.map(\.name) == ["freeswitch-esl", "audio-stream-listener"])
        #expect(checks.allSatisfy { $0.ok }, "\(checks)")
        #expect(checks[0].detail.contains("FreeSWITCH (Version") || checks[0].detail.contains("UP 0 years"))
        #expect(fake.receivedCommands.contains("status"))
    }

    @Test func wrongEventSocketPasswordFails() async throws {
        let fake = try await FakeFreeSwitch.start()
        defer { fake.shutdown() }
        let checks = await PBXLine.checkReachability(Self.freeSwitch(port: fake.port, password: "nope"), timeout: .milliseconds(600))
        let esl = try #require(checks.first)
        #expect(!esl.ok)
        #expect(esl.detail.contains("FREESWITCH_ESL_PASSWORD"))
    }

    @Test func ariInfoWithCredentials() async throws {
        let fake = try await FakeARI.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            defer {
                fake.shutdown()
                group.cancelAll()
            }
            var configuration = try PBXConfiguration(environment: ["PBX": "asterisk", "ASTERISK_ARI_URL": fake.url,
                                                                   "ASTERISK_ARI_PASSWORD": "secret", "AUDIOSOCKET_PORT": "0"])
            let good = await PBXLine.checkReachability(configuration)
            #expect(good.map(\.name) == ["asterisk-ari", "audiosocket-listener", "asterisk-stasis-app", "audiosocket-from-asterisk",
                                          "asterisk-amd-context"])
            #expect(good.allSatisfy { $0.ok }, "\(good)")
            #expect(good[0].detail.contains("Asterisk 20.10.0"))
            #expect(fake.receivedRequests.contains("GET /ari/asterisk/info"))
            #expect(good[3].detail.contains("sent the call UUID"), "\(good[3])")

            // The AMD context missing from the dialplan is named, with the fix.
            let noContext = try await FakeARI.start(configuration: .init(dialplanContexts: []))
            group.addTask { await noContext.run() }
            var elsewhere = configuration
            elsewhere.asterisk?.ariURL = noContext.url
            let missing = await PBXLine.checkReachability(elsewhere)
            noContext.shutdown()
            #expect(missing.last?.name == "asterisk-amd-context")
            #expect(missing.last?.ok == false)
            #expect(missing.last?.detail.contains("ASTERISK_AMD_CONTEXT") == true, "\(missing)")

            configuration.asterisk?.password = "wrong"
            let bad = await PBXLine.checkReachability(configuration)
            #expect(bad.first?.ok == false)
            #expect(bad.first?.detail.contains("ASTERISK_ARI_PASSWORD") == true)
        }
    }

    @Test func unreachableARIIsReportedNotThrown() async {
        var configuration = PBXConfiguration(kind: .asterisk)
        configuration.asterisk?.ariURL = "http://127.0.0.1:1"
        configuration.asterisk?.audioSocketPort = 0
        let checks = await PBXLine.checkReachability(configuration, timeout: .seconds(2))
        #expect(checks.first?.ok == false)
        #expect(checks.first?.detail.hasPrefix("http://127.0.0.1:1") == true)
    }

    @Test func simulatedNeedsNothing() async {
        let checks = await PBXLine.checkReachability(.simulated)
        #expect(checks == [PBXCheck(name: "pbx", ok: true, detail: "PBX=simulated: calls go to the built-in simulated PBX, nothing to reach")])
    }
}
