import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotDispatch
import MiniBotOutbound
import MiniBotSpeech

/// One PBX line on the real Asterisk, as `campaign launch` / `call test` build it: our ARI client,
/// ARI dialer, AudioSocket server and call runner (wall clock, espeak-ng prompts), through
/// ``PBXLine/withLine``. The callee is the dialplan, so the recognizer hears nothing scripted.
enum RealAsteriskLine {
    struct Call: Sendable {
        var national: String
        var record: CallRecord
        /// Wall-clock seconds from `place` to its return.
        var seconds: Double
    }

    static func with<T: Sendable>(amdContext: String? = nil, ringTimeout: Int = 8, dualLayer: Bool = true, recordings: String? = nil,
                                  application: String = "minibot-test-\(UUID().uuidString.prefix(8))",
                                  _ body: @escaping @Sendable (_ place: @escaping @Sendable (String) async -> Call) async throws -> T)
        async throws -> T {
        let asterisk = RealAsterisk.instance
        let configuration = try PBXConfiguration(environment: asterisk.environment(amdContext: amdContext, ringTimeout: ringTimeout, dualLayer: dualLayer,
                                                                                      application: application))
        var options = PBXLine.Options(recognizer: SimulatedRecognizer(script: SimulatedScript()), recordingsDirectory: recordings)
        options.logger = testLogger
        options.connectTimeout = .seconds(5)
        let scenario = try ProbeScenario.load()
        return try await PBXLine.withLine(configuration: configuration, scenario: scenario, options: options) { placer in
            try await body { national in
                let phone = try! PhoneNumber(parsing: national)
                let call = CallRecord(callID: Int64.random(in: 1...1_000_000), callUUID: CallID(),
                                      campaignID: 1, phone: phone.e164, status: .inProgress, startedAt: Date())
                let start = ContinuousClock.now
                let placed = await placer.place(DialCandidate(queueID: 1, contact: Contact(phone: phone, legalBasis: .contract)),
                                                call: call, campaign: Campaign(id: 1, name: "real asterisk", scenario: "asterisk_probe"))
                let elapsed = ContinuousClock.now - start
                return Call(national: national, record: placed.record,
                            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }
    }
}
