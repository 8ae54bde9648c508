import Foundation
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony
import MiniBotTestKit

/// Runs a fake PBX for the duration of a test and builds the line configuration pointing at it.
extension FakeFreeSwitch {
    static func with(_ contacts: [ScriptedContact],
                     beforeLine: @escaping @Sendable (FakeFreeSwitch, UUID, Int) async -> Void = { _, _, _ in },
                     _ body: (FakeFreeSwitch, PBXConfiguration, PBXLine.Options) async throws -> Void) async throws {
        var fakeConfiguration = FakeFreeSwitch.Configuration(
            scenarios: Dictionary(uniqueKeysWithValues: contacts.map { ($0.e164, $0.freeSwitch) }), autoCompletePlayback: true)
        fakeConfiguration.keepsAudioStreamOpen = true
        let fake = try await FakeFreeSwitch.start(configuration: fakeConfiguration)
        let sounds = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-sounds-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: sounds) }
        var configuration = PBXConfiguration(kind: .freeswitch, callerID: "0187654321", ringTimeoutSeconds: 20,
                                             pbxMachineDetection: true, dualLayerMachineDetection: false)
        configuration.freeSwitch?.eslPort = fake.port
        configuration.freeSwitch?.gateway = "gw1"
        configuration.freeSwitch?.soundsDirectory = sounds
        configuration.freeSwitch?.audioStreamHost = "127.0.0.1"
        configuration.freeSwitch?.audioStreamPort = 0
        let script = SimulatedScript()
        let lines = ScriptedContact.lines(contacts)
        let options = OutboundCampaignFixture.lineOptions(script: script) { dialer in
            ScriptedCalleeDialer(inner: dialer, script: script, lines: lines,
                                 speak: { id, frames in fake.sendAudio(frames, callID: id) },
                                 beforeLine: { id, index in await beforeLine(fake, id, index) })
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            defer {
                fake.shutdown()
                group.cancelAll()
            }
            try await body(fake, configuration, options)
        }
    }
}

extension FakeARI {
    static func with(_ contacts: [ScriptedContact], _ body: (FakeARI, PBXConfiguration, PBXLine.Options) async throws -> Void) async throws {
        let fake = try await FakeARI.start(configuration: .init(
            scenarios: Dictionary(uniqueKeysWithValues: contacts.map { ($0.e164, $0.asterisk) })))
        var configuration = PBXConfiguration(kind: .asterisk, callerID: "0187654321", ringTimeoutSeconds: 20,
                                             pbxMachineDetection: true, dualLayerMachineDetection: false)
        configuration.asterisk?.ariURL = fake.url
        configuration.asterisk?.username = "minibot"
        configuration.asterisk?.password = "secret"
        configuration.asterisk?.audioSocketHost = "127.0.0.1"
        configuration.asterisk?.audioSocketPort = 0
        let script = SimulatedScript()
        let lines = ScriptedContact.lines(contacts)
        let options = OutboundCampaignFixture.lineOptions(script: script) { dialer in
            ScriptedCalleeDialer(inner: dialer, script: script, lines: lines,
                                 speak: { id, frames in await fake.sendAudio(frames, channelID: id.uuidString.lowercased()) })
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await fake.run() }
            defer {
                fake.shutdown()
                group.cancelAll()
            }
            try await body(fake, configuration, options)
        }
    }
}

extension ScriptedContact {
    /// E.164 → callee lines, for the answering contacts.
    static func lines(_ contacts: [ScriptedContact]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: contacts.compactMap { contact in contact.lines.map { (contact.e164, $0) } })
    }
}
