import Foundation
import MiniBotOutbound
import Testing

/// `minibot doctor`'s FreeSWITCH checks against the real switch.
@Suite("RealFreeSwitch doctor", .serialized, .timeLimit(.minutes(2)), .enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason))
struct RealFreeSwitchDoctorTests {
    static func settings(password: String? = RealFreeSwitch.password) -> PBXConfiguration.FreeSwitch {
        var fs = PBXConfiguration.FreeSwitch()
        fs.eslHost = RealFreeSwitch.host
        fs.eslPort = RealFreeSwitch.port ?? 0
        fs.eslPassword = password ?? ""
        fs.audioStreamHost = "127.0.0.1"
        fs.audioStreamPort = 0
        return fs
    }

    @Test func eventSocketModAudioStreamAndOurListenerFromTheSwitch() async throws {
        var configuration = PBXConfiguration(kind: .freeswitch)
        configuration.freeSwitch = Self.settings()
        let reach = await PBXLine.checkReachability(configuration)
        #expect(reach.first?.ok == true, "\(reach)")
        #expect(reach.first?.detail.contains("authenticated; UP") == true, "\(reach)")
        let media = await PBXLine.checkFreeSwitchMedia(Self.settings())
        #expect(media.map(\.name) == ["freeswitch-mod-audio-stream", "freeswitch-to-stream-listener"])
        #expect(media.allSatisfy { $0.ok }, "\(media)")
        try await RealFreeSwitch.withClient { client in
            try await eventually(.seconds(3), "the doctor's channel is gone") { try await RealFreeSwitch.channelCount(client) == 0 }
        }
    }

    @Test func aWrongPasswordIsReported() async throws {
        var configuration = PBXConfiguration(kind: .freeswitch)
        configuration.freeSwitch = Self.settings(password: "wrong")
        let reach = await PBXLine.checkReachability(configuration, timeout: .seconds(2))
        #expect(reach.first?.ok == false)
        #expect(reach.first?.detail.contains("FREESWITCH_ESL_PASSWORD") == true)
    }

    @Test func anUnreachableStreamURLIsReported() async throws {
        var fs = Self.settings()
        fs.audioStreamURL = "ws://127.0.0.1:9"  // nothing listens there
        let media = await PBXLine.checkFreeSwitchMedia(fs, timeout: .seconds(3))
        #expect(media.last?.name == "freeswitch-to-stream-listener")
        #expect(media.last?.ok == false, "\(media)")
    }
}
