import Foundation
import MiniBotOutbound
import MiniBotTestKit
import Testing

@Suite("minibot doctor: FreeSWITCH media checks", .timeLimit(.minutes(1)))
struct FreeSwitchMediaCheckTests {
    static func settings(port: Int) -> PBXConfiguration.FreeSwitch {
        var fs = PBXConfiguration.FreeSwitch()
        fs.eslPort = port
        fs.audioStreamHost = "127.0.0.1"
        fs.audioStreamPort = 0
        return fs
    }

    @Test func modAudioStreamLoadedAndOurListenerReachedFromTheSwitch() async throws {
        let fake = try await FakeFreeSwitch.start()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            defer {
                fake.shutdown()
                group.cancelAll()
            }
            let checks = await PBXLine.checkFreeSwitchMedia(Self.settings(port: fake.port))
            #expect(checks.map(\.name) == ["freeswitch-mod-audio-stream", "freeswitch-to-stream-listener"])
            #expect(checks.allSatisfy { $0.ok }, "\(checks)")
            #expect(fake.receivedCommands.contains("module_exists mod_audio_stream"))
            #expect(fake.commands(startingWith: "originate").first?.contains("null/minibot-doctor &park()") == true)
            #expect(fake.audioStreamsOpened == 1)
        }
    }

    @Test func missingModAudioStreamFails() async throws {
        var configuration = FakeFreeSwitch.Configuration()
        configuration.loadedModules = ["mod_event_socket"]
        let fake = try await FakeFreeSwitch.start(configuration: configuration)
        defer { fake.shutdown() }
        let checks = await PBXLine.checkFreeSwitchMedia(Self.settings(port: fake.port))
        #expect(checks.count == 1)
        #expect(checks.first?.ok == false)
        #expect(checks.first?.detail.contains("mod_audio_stream") == true)
    }

    @Test func unreachableEventSocketAddsNothing() async throws {
        let checks = await PBXLine.checkFreeSwitchMedia(Self.settings(port: 1), timeout: .milliseconds(300))
        #expect(checks.isEmpty)
    }
}
