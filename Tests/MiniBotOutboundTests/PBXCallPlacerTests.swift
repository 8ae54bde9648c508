import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotDispatch
import MiniBotLanguage
import MiniBotOutbound
import MiniBotSpeech
import MiniBotTelephony
import Synchronization
import Testing

/// A dialer that answers every request from a script, and remembers the requests.
final class StubDialer: PBXDialer {
    enum Behaviour: Sendable { case outcome(DialOutcome), unreachable }
    let behaviour: Behaviour
    private let seen = Mutex<[DialRequest]>([])
    var requests: [DialRequest] { seen.withLock { $0 } }

    init(_ behaviour: Behaviour) { self.behaviour = behaviour }

    struct Unreachable: Error, CustomStringConvertible {
        var description: String { "connection refused (127.0.0.1:8021)" }
    }

    func dial(_ request: DialRequest) async throws -> DialAttempt {
        seen.withLock { $0.append(request) }
        switch behaviour {
        case .unreachable: throw Unreachable()
        case .outcome(let outcome): return DialAttempt(callID: request.callID, outcome: outcome)
        }
    }
}

@Suite("PBXCallPlacer outcomes without a conversation")
struct PBXCallPlacerTests {
    static func placer(_ dialer: StubDialer) throws -> PBXCallPlacer {
        let runner = CallRunner(scenario: try OutboundCampaignFixture.scenario(), nlu: try NLUPipeline(),
                                recognizer: SimulatedRecognizer(script: SimulatedScript()), prompts: OutboundCampaignFixture.prompts)
        return PBXCallPlacer(dialer: dialer, runner: runner,
                             options: .init(callerID: "0187654321", ringTimeoutSeconds: 25, pbxMachineDetection: true),
                             now: { Date(timeIntervalSince1970: 1_800_000_000) })
    }

    static func place(_ placer: PBXCallPlacer) async -> PlacedCall {
        let phone = try! PhoneNumber(parsing: "0612345678")
        let call = CallRecord(callID: 7, callUUID: CallID("5f0c3d6e-8a1b-4c2d-9e3f-0a1b2c3d4e5f")!, campaignID: 3, phone: phone.e164,
                              status: .inProgress, startedAt: Date(timeIntervalSince1970: 1_799_999_990))
        return await placer.place(DialCandidate(queueID: 1, contact: Contact(phone: phone, legalBasis: .contract)), call: call,
                                  campaign: Campaign(id: 3, name: "c", scenario: "rdv_energie"))
    }

    @Test func unreachablePBXGivesAFailedRecordWithTheReason() async throws {
        let dialer = StubDialer(.unreachable)
        let placed = await Self.place(try Self.placer(dialer))
        #expect(placed.record.status == .failed)
        #expect(placed.record.result == .failed)
        #expect(placed.record.notes == "PBX unreachable or refused the dial: connection refused (127.0.0.1:8021)")
        #expect(placed.record.endedAt == Date(timeIntervalSince1970: 1_800_000_000))
        #expect(placed.record.answeredAt == nil)
    }

    @Test func requestCarriesTheRecordUUIDAndCampaignVariables() async throws {
        let dialer = StubDialer(.outcome(.busy(Q850Cause(code: 17))))
        _ = await Self.place(try Self.placer(dialer))
        let request = try #require(dialer.requests.first)
        #expect(request.callID == UUID(uuidString: "5f0c3d6e-8a1b-4c2d-9e3f-0a1b2c3d4e5f"))
        #expect(request.number == "+33612345678")
        #expect(request.callerID == "0187654321" && request.ringTimeoutSeconds == 25 && request.detectsAnsweringMachine)
        #expect(request.variables == ["campaign_id": "3", "call_id": "7", "contact_id": "+33612345678"])
    }

    @Test(arguments: [
        (DialOutcome.busy(Q850Cause(code: 17)), CallResult.busy, CallStatus.completed),
        (.noAnswer(Q850Cause(code: 19)), .noAnswer, .completed),
        (.invalidNumber(Q850Cause(code: 1)), .invalidNumber, .completed),
        (.congestion(Q850Cause(code: 34)), .failed, .failed),
        (.rejected(Q850Cause(code: 21)), .busy, .completed),
    ])
    func unansweredOutcomeFollowsTheQ850Cause(outcome: DialOutcome, result: CallResult, status: CallStatus) async throws {
        let placed = await Self.place(try Self.placer(StubDialer(.outcome(outcome))))
        #expect(placed.record.result == result)
        #expect(placed.record.status == status)
        #expect(placed.record.hangupCause == outcome.cause?.code)
        #expect(placed.record.notes.hasPrefix("PBX: "))
    }
}
