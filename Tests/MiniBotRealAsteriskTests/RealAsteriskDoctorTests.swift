import Foundation
import MiniBotOutbound
import Testing

/// `minibot doctor`'s PBX checks (``PBXLine/checkReachability(_:timeout:logger:)``) against the real Asterisk.
@Suite("RealAsterisk doctor checks", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(2)))
struct RealAsteriskDoctorTests {
    let asterisk = RealAsterisk.instance

    @Test func everyCheckPassesWithTheDocumentedSetup() async throws {
        let configuration = try PBXConfiguration(environment: asterisk.environment(amdContext: "minibot-amd"))
        let checks = await PBXLine.checkReachability(configuration)
        #expect(checks.map(\.name) == ["asterisk-ari", "audiosocket-listener", "asterisk-stasis-app", "audiosocket-from-asterisk",
                                       "asterisk-amd-context"])
        #expect(checks.allSatisfy { $0.ok }, "\(checks)")
        #expect(checks[0].detail.contains("Asterisk master"), "\(checks[0])")
    }

    @Test func wrongPasswordMissingContextAndUnreachableListenerAreNamed() async throws {
        var wrong = asterisk.environment(amdContext: "minibot-amd")
        wrong["ASTERISK_ARI_PASSWORD"] = "not-the-password"
        let refused = await PBXLine.checkReachability(try PBXConfiguration(environment: wrong))
        #expect(refused.first?.ok == false)
        #expect(refused.first?.detail.contains("ASTERISK_ARI_PASSWORD") == true, "\(refused)")

        let missing = await PBXLine.checkReachability(try PBXConfiguration(environment: asterisk.environment(amdContext: "no-such-context")))
        let context = try #require(missing.first { $0.name == "asterisk-amd-context" })
        #expect(!context.ok)
        #expect(context.detail.contains("context no-such-context has no extension"), "\(context)")

        var unreachable = asterisk.environment(amdContext: "minibot-amd")
        unreachable["AUDIOSOCKET_PUBLIC_ADDRESS"] = "127.0.0.1:1"
        let closed = await PBXLine.checkReachability(try PBXConfiguration(environment: unreachable))
        let reach = try #require(closed.first { $0.name == "audiosocket-from-asterisk" })
        #expect(!reach.ok)
        #expect(reach.detail.contains("AUDIOSOCKET_PUBLIC_ADDRESS"), "\(reach)")
    }
}
