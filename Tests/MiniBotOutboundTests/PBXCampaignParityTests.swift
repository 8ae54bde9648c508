import Foundation
import MiniBotDialer
import MiniBotDispatch
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony
import MiniBotTestKit
import Synchronization
import Testing

/// The same campaign through the real dispatcher on SQLite, on each line: FreeSWITCH (fake switch +
/// our ESL client, dialer and audio-stream server) and Asterisk (fake ARI + our ARI client, dialer
/// and AudioSocket server), and the simulated PBX (``SimulatedLineParityRealTimeTests``). Every
/// number must end the same way on all three.
@Suite("One campaign on every PBX line", .serialized, .timeLimit(.minutes(3)))
struct PBXCampaignParityTests {
    let contacts = OutboundCampaignFixture.contacts

    @Test func freeSwitchLine() async throws {
        try await FakeFreeSwitch.with(contacts) { fake, configuration, options in
            let outcome = try await OutboundCampaignFixture.run(contacts, configuration: configuration, options: options)
            Self.expectSameResults(outcome, contacts: contacts)
            let lead = try #require(contacts.first { $0.expected == .lead })
            let originate = try #require(fake.commands(startingWith: "originate").first { $0.contains("/\(lead.e164) ") })
            #expect(originate.contains("origination_caller_id_number=0187654321"))
            #expect(originate.contains("execute_on_answer=amd"))
            #expect(originate.contains("contact_id=\(lead.e164)"))
            #expect(originate.contains("originate_timeout=20"))
            #expect(fake.commands(startingWith: "uuid_audio_stream").count == 2, "media only for the two answered calls")
        }
    }

    @Test func asteriskLine() async throws {
        try await FakeARI.with(contacts) { fake, configuration, options in
            let outcome = try await OutboundCampaignFixture.run(contacts, configuration: configuration, options: options)
            Self.expectSameResults(outcome, contacts: contacts)
            let originates = fake.receivedRequests.filter { $0.hasPrefix("POST /ari/channels?") }
            #expect(originates.count == contacts.count)
            #expect(originates.allSatisfy { $0.contains("app=minibot") && $0.contains("appArgs=amd") && $0.contains("callerId=0187654321") })
            let continues = fake.receivedRequests.filter { $0.contains("/continue?") }
            #expect(continues.count == 2, "the two answered calls go on to the AMD context")
            #expect(continues.allSatisfy { $0.contains("context=minibot-amd") })
        }
    }

    /// FreeSWITCH restarts its Event Socket in the middle of a conversation: the client
    /// reconnects and resubscribes, the conversation goes on, and every contact still ends with
    /// exactly one finished call.
    @Test func eslDropMidCampaignLosesNoCall() async throws {
        let refusal = ScriptedContact(national: "0611000003", persona: "refus", freeSwitch: .answer(machineDetection: "HUMAN"),
                                      asterisk: .answer(), expected: .notInterested, cause: nil)
        let campaign = [contacts[0], contacts[1], refusal, contacts[2]]
        let dropped = OnceFlag()
        try await FakeFreeSwitch.with(campaign, beforeLine: { fake, _, index in
            guard index == 1, dropped.claim() else { return }
            let perConnection = fake.subscriptions.count
            fake.dropConnections()
            await fake.waitUntil { $0.subscriptions.count >= 2 * perConnection && $0.openConnections == 1 }
        }) { fake, configuration, options in
            let outcome = try await OutboundCampaignFixture.run(campaign, configuration: configuration, options: options,
                                                                maxConcurrentCalls: 1)
            #expect(dropped.isSet)
            #expect(fake.authenticationCount == 2)
            Self.expectSameResults(outcome, contacts: campaign)
        }
    }

    static func expectSameResults(_ outcome: OutboundCampaignFixture.Outcome, contacts: [ScriptedContact],
                                  sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.summary.finalStatus == .completed, sourceLocation: sourceLocation)
        #expect(outcome.calls.count == contacts.count, "one call per contact", sourceLocation: sourceLocation)
        for contact in contacts {
            let calls = outcome.calls.filter { $0.phone == contact.e164 }
            #expect(calls.count == 1, "\(contact.national) has \(calls.count) call(s)", sourceLocation: sourceLocation)
            guard let call = calls.first else { continue }
            #expect(call.result == contact.expected,
                    "\(contact.national) (\(contact.persona)) ended \(String(describing: call.result)): \(call.notes)",
                    sourceLocation: sourceLocation)
            #expect(call.status == .completed, sourceLocation: sourceLocation)
            if let cause = contact.cause {
                #expect(call.hangupCause == cause, sourceLocation: sourceLocation)
                #expect(call.answeredAt == nil, sourceLocation: sourceLocation)
            } else {
                #expect(call.answeredAt != nil, sourceLocation: sourceLocation)
            }
            if contact.expected == .answeringMachine {
                #expect(call.amdResult == .machine, sourceLocation: sourceLocation)
            }
            if contact.expected == .lead || contact.expected == .notInterested {
                #expect((outcome.callerTurns[contact.e164] ?? 0) >= 2, "the callee's turns were stored", sourceLocation: sourceLocation)
            }
        }
    }
}

/// The reference run: the simulated PBX paces both directions in real time and its callers
/// answer on wall-clock silence, so it runs with the wall-clock suites (`*RealTime*`, alone).
@Suite("The same campaign on the simulated line", .timeLimit(.minutes(2)))
struct SimulatedLineParityRealTimeTests {
    @Test func simulatedLine() async throws {
        var options = PBXLine.Options()
        options.prompts = OutboundCampaignFixture.prompts
        options.logger = OutboundCampaignFixture.logger
        let contacts = OutboundCampaignFixture.contacts
        let outcome = try await OutboundCampaignFixture.run(contacts, configuration: .simulated, options: options)
        PBXCampaignParityTests.expectSameResults(outcome, contacts: contacts)
    }
}

/// True for the first caller of ``claim()`` only.
final class OnceFlag: Sendable {
    private let value = Mutex(false)

    var isSet: Bool { value.withLock { $0 } }

    func claim() -> Bool {
        value.withLock { value in
            defer { value = true }
            return !value
        }
    }
}
