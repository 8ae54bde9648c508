import Foundation
import MiniBotTelephony
import MiniBotTestKit
import Testing

@Suite("Asterisk ARI call flows through the connector")
struct ARICallFlowTests {
    let callerFrames = (0..<6).map { rampFrame($0, seed: 11) }

    @Test func answeredCallBridgesExternalMediaOverAudioSocket() async throws {
        let configuration = FakeARI.Configuration(scenarios: ["0612345678": .answer(callerAudio: callerFrames)])
        try await ARIRig.with(configuration) { rig in
            let request = DialRequest(number: "0612345678", callerID: "0187654321", ringTimeoutSeconds: 25)
            let attempt = try await rig.dialer.dial(request)
            #expect(attempt.outcome == .answered)
            let session = try #require(attempt.session)
            #expect(session.callID == request.callID)
            let id = request.callID.uuidString.lowercased()
            let requests = rig.fake.receivedRequests
            #expect(requests.contains("POST /ari/channels?app=minibot&appArgs=dialed&callerId=0187654321&channelId=\(id)"
                + "&endpoint=PJSIP/0612345678@trunk&timeout=25"))
            #expect(requests.contains("POST /ari/bridges?bridgeId=bridge-\(id)&type=mixing"))
            #expect(requests.contains("POST /ari/channels/externalMedia?app=minibot&channelId=media-\(id)&data=\(id)"
                + "&encapsulation=audiosocket&external_host=127.0.0.1:\(rig.audioSocket.localPort ?? 0)&format=slin&transport=tcp"))
            #expect(requests.contains("POST /ari/bridges/bridge-\(id)/addChannel?channel=\(id),media-\(id)"))

            var reader = EventReader(session)
            #expect(await reader.audioFrames(callerFrames.count) == callerFrames)
            await rig.fake.sendDTMF("7", channelID: id)
            #expect(await reader.nextControl() == .dtmf("7"))

            await session.hangup()
            #expect(await reader.nextControl() == .hangup(.localHangup))
            let after = rig.fake.receivedRequests
            #expect(after.contains("DELETE /ari/channels/\(id)?reason=normal"))
            #expect(after.contains("DELETE /ari/channels/media-\(id)?reason=normal"))
            #expect(after.contains("DELETE /ari/bridges/bridge-\(id)"))
        }
    }

    @Test(arguments: [
        ("0600000017", FakeARI.Scenario.busy, DialOutcome.busy(Q850Cause(code: 17))),
        ("0600000019", .noAnswer, .noAnswer(Q850Cause(code: 19))),
        ("0600000001", .unallocated, .invalidNumber(Q850Cause(code: 1))),
    ])
    func unansweredOutcomes(number: String, scenario: FakeARI.Scenario, expected: DialOutcome) async throws {
        try await ARIRig.with(.init(scenarios: [number: scenario])) { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: number))
            #expect(attempt.outcome == expected)
            #expect(attempt.session == nil)
            #expect(!rig.fake.receivedRequests.contains { $0.contains("externalMedia") })
        }
    }

    @Test func answeringMachineFromAMDStatus() async throws {
        let configuration = FakeARI.Configuration(scenarios: ["0644444444": .answer(machineDetection: "MACHINE",
                                                                                    machineCause: "INITIALSILENCE-2500-2500")])
        try await ARIRig.with(configuration) { rig in
            var request = DialRequest(number: "0644444444")
            request.detectsAnsweringMachine = true
            let attempt = try await rig.dialer.dial(request)
            #expect(attempt.outcome == .answered)
            #expect(attempt.machineDetection == PBXMachineDetection(verdict: .machine, cause: "INITIALSILENCE-2500-2500"))
            // Originated into our app (so failures and AMDSTATUS reach us), then sent on to the AMD context.
            let originate = try #require(rig.fake.receivedRequests.first { $0.hasPrefix("POST /ari/channels?") })
            #expect(originate.contains("app=minibot"))
            #expect(originate.contains("appArgs=amd"))
            let proceed = try #require(rig.fake.receivedRequests.first { $0.contains("/continue?") })
            #expect(proceed.contains("context=minibot-amd"))
            #expect(proceed.contains("extension=0644444444"))
            await attempt.session?.hangup()
        }
    }

    @Test func remoteHangupEndsTheSessionAndCleansUp() async throws {
        try await ARIRig.with { rig in
            let request = DialRequest(number: "0655555555")
            let session = try #require(try await rig.dialer.dial(request).session)
            let id = request.callID.uuidString.lowercased()
            var reader = EventReader(session)
            await rig.fake.hangUp(channelID: id)
            #expect(await reader.nextControl() == .hangup(.remoteHangup))
            await rig.fake.waitForRequests { $0.contains("DELETE /ari/bridges/bridge-\(id)") }
            #expect(rig.fake.receivedRequests.contains("DELETE /ari/channels/media-\(id)?reason=normal"))
            #expect(rig.fake.liveBridges.isEmpty)
        }
    }

    @Test func originateRefusedByAsteriskIsAnOutcome() async throws {
        try await ARIRig.with(endpointTemplate: "Local/{number}@nowhere") { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: "0666666666"))
            #expect(attempt.outcome == .invalidNumber(Q850Cause(code: 28)))
        }
    }

    @Test func wrongCredentialsAreAnHTTPError() async throws {
        try await ARIRig.with { rig in
            let intruder = ARIClient(configuration: .init(url: rig.fake.url, username: "minibot", password: "nope"))
            await #expect(throws: ARIError.http(status: 401, message: "Authentication required", request: "POST /bridges")) {
                _ = try await intruder.createBridge(id: "b1")
            }
        }
    }
}

@Suite("ARI events socket")
struct ARIEventsSocketTests {
    @Test func reconnectsAfterTheSocketIsClosedAndKeepsRoutingEvents() async throws {
        try await ARIRig.with(.init(scenarios: ["0600000017": .busy])) { rig in
            let generation = rig.client.connectionGeneration
            await rig.fake.dropEventSockets()
            try await rig.client.waitUntilConnected(newerThan: generation)
            await rig.fake.waitUntil { $0.eventSockets >= 1 }
            let attempt = try await rig.dialer.dial(DialRequest(number: "0600000017"))
            #expect(attempt.outcome == .busy(Q850Cause(code: 17)))
        }
    }
}
