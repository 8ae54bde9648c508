import Foundation
import MiniBotTelephony
import MiniBotTestKit
import NIOCore
import NIOWebSocket
import Testing

@Suite("FreeSWITCH call flows through the connector")
struct FreeSwitchCallFlowTests {
    let callerFrames = (0..<10).map { rampFrame($0, seed: 7) }

    @Test func answeredCallAudioPromptDTMFAndRemoteHangup() async throws {
        let fake = FakeFreeSwitch.Configuration(scenarios: ["0612345678": .answer(callerAudio: callerFrames, chunkBytes: 300)])
        try await FreeSwitchRig.with(fake) { rig in
            let request = DialRequest(number: "0612345678", callerID: "0187654321", ringTimeoutSeconds: 25,
                                      variables: ["campaign_id": "c1,c2"])
            let attempt = try await rig.dialer.dial(request)
            #expect(attempt.outcome == .answered)
            let session = try #require(attempt.session)
            #expect(session.callID == request.callID)

            let originate = try #require(rig.fake.commands(startingWith: "originate").first)
            let id = request.callID.uuidString.lowercased()
            #expect(originate.hasPrefix("originate {"))
            #expect(originate.contains("origination_uuid=\(id)"))
            #expect(originate.contains("origination_caller_id_number=0187654321"))
            #expect(originate.contains("ignore_early_media=true"))
            #expect(originate.contains("originate_timeout=25"))
            #expect(originate.contains("campaign_id=c1\\,c2"))
            #expect(originate.hasSuffix("}sofia/gateway/gw1/0612345678 &park()"))
            let stream = try #require(rig.fake.commands(startingWith: "uuid_audio_stream").first)
            #expect(stream == "uuid_audio_stream \(id) start \(rig.streams.streamURL(for: request.callID)) mono 8k")
            #expect(stream.contains("ws://127.0.0.1:"))

            var reader = EventReader(session)
            let frames = await reader.audioFrames(callerFrames.count)
            #expect(frames == callerFrames)

            let samples = (0..<400).map { Int16(truncatingIfNeeded: $0 * 31) }
            let prompt = Prompt(id: "welcome", samples: samples)
            await session.play(prompt)
            let broadcast = try #require(rig.fake.commands(startingWith: "uuid_broadcast").first)
            let parts = broadcast.split(separator: " ").map(String.init)
            #expect(parts.count == 4 && parts[1] == id && parts[3] == "aleg")
            let wav = try Data(contentsOf: URL(fileURLWithPath: parts[2]))
            #expect(wav.prefix(4) == Data("RIFF".utf8))
            #expect(Array(wav.dropFirst(44)) == littleEndianBytes(prompt.frames.flatMap { $0 }))

            rig.fake.completePlayback(callID: request.callID)
            #expect(await reader.nextControl() == .playbackFinished(PlaybackReport(promptID: "welcome", framesPlayed: 3, interrupted: false)))
            rig.fake.sendDTMF("5", callID: request.callID)
            #expect(await reader.nextControl() == .dtmf("5"))
            rig.fake.hangUp(callID: request.callID)
            #expect(await reader.nextControl() == .hangup(.remoteHangup))
            #expect(await reader.nextControl() == nil)
        }
    }

    @Test(arguments: [
        ("0600000017", FakeFreeSwitch.Scenario.busy, DialOutcome.busy(Q850Cause(code: 17, name: "USER_BUSY"))),
        ("0600000019", .noAnswer, .noAnswer(Q850Cause(code: 19, name: "NO_ANSWER"))),
        ("0600000001", .unallocated, .invalidNumber(Q850Cause(code: 1, name: "UNALLOCATED_NUMBER"))),
        ("0600000034", .fail(causeName: "NORMAL_CIRCUIT_CONGESTION", code: 34),
         .congestion(Q850Cause(code: 34, name: "NORMAL_CIRCUIT_CONGESTION"))),
    ])
    func unansweredOutcomes(number: String, scenario: FakeFreeSwitch.Scenario, expected: DialOutcome) async throws {
        try await FreeSwitchRig.with(.init(scenarios: [number: scenario])) { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: number))
            #expect(attempt.outcome == expected)
            #expect(attempt.session == nil)
            #expect(rig.fake.commands(startingWith: "uuid_audio_stream").isEmpty)
        }
    }

    @Test func malformedNumberIsInvalidWithoutDialling() async throws {
        try await FreeSwitchRig.with { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: "06 12}&park"))
            #expect(attempt.outcome == .invalidNumber(Q850Cause(code: 28)))
            #expect(rig.fake.receivedCommands.isEmpty)
        }
    }

    @Test func hangupMidPromptInterruptsThePrompt() async throws {
        try await FreeSwitchRig.with(.init(scenarios: ["0611111111": .hangupMidPrompt])) { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: "0611111111"))
            let session = try #require(attempt.session)
            var reader = EventReader(session)
            await session.play(Prompt(id: "offer", samples: [Int16](repeating: 100, count: 1600)))
            let finished = await reader.nextControl()
            guard case .playbackFinished(let report) = finished else {
                Issue.record("expected playbackFinished, got \(String(describing: finished))")
                return
            }
            #expect(report.promptID == "offer")
            #expect(report.interrupted)
            #expect(await reader.nextControl() == .hangup(.remoteHangup))
        }
    }

    @Test func bargeInIssuesUuidBreakAndReportsBothPrompts() async throws {
        try await FreeSwitchRig.with { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: "0622222222"))
            let session = try #require(attempt.session)
            var reader = EventReader(session)
            await session.play(Prompt(id: "first", samples: [Int16](repeating: 1, count: 1600)))
            await session.play(Prompt(id: "second", samples: [Int16](repeating: 2, count: 800)))
            let dropped = await session.stop()
            #expect(dropped == 15)
            #expect(rig.fake.receivedCommands.contains("uuid_break \(session.callID.uuidString.lowercased()) all"))
            var reports: [PlaybackReport] = []
            for _ in 0..<2 {
                if case .playbackFinished(let report) = await reader.nextControl() { reports.append(report) }
            }
            #expect(Set(reports.map(\.promptID)) == ["first", "second"])
            #expect(reports.allSatisfy { $0.interrupted })
            await session.hangup()
            #expect(rig.fake.receivedCommands.last == "uuid_kill \(session.callID.uuidString.lowercased())")
            #expect(await reader.nextControl() == .hangup(.localHangup))
        }
    }

    @Test func eslDropMidCallReconnectsAndResubscribes() async throws {
        try await FreeSwitchRig.with { rig in
            let attempt = try await rig.dialer.dial(DialRequest(number: "0633333333"))
            let session = try #require(attempt.session)
            var reader = EventReader(session)
            let generation = rig.client.connectionGeneration
            rig.fake.dropConnections()
            try await rig.client.waitUntilConnected(newerThan: generation)
            #expect(rig.fake.authenticationCount == 2)
            let subscriptions = rig.fake.subscriptions
            #expect(subscriptions.count == 2)
            #expect(subscriptions.first == subscriptions.last)
            rig.fake.sendDTMF("9", callID: session.callID)
            #expect(await reader.nextControl() == .dtmf("9"))
            // The fake reports 40 ms played on uuid_break: 2 of the 3 frames.
            await session.play(Prompt(id: "after", samples: [Int16](repeating: 3, count: 480)))
            _ = await session.stop()
            #expect(rig.fake.receivedCommands.contains("uuid_break \(session.callID.uuidString.lowercased()) all"))
            #expect(await reader.nextControl() == .playbackFinished(PlaybackReport(promptID: "after", framesPlayed: 2, interrupted: true)))
        }
    }

    @Test func answeringMachineVerdictFromModAMD() async throws {
        let fake = FakeFreeSwitch.Configuration(scenarios: ["0644444444": .answer(machineDetection: "MACHINE")])
        try await FreeSwitchRig.with(fake) { rig in
            var request = DialRequest(number: "0644444444")
            request.detectsAnsweringMachine = true
            let attempt = try await rig.dialer.dial(request)
            #expect(attempt.outcome == .answered)
            #expect(attempt.machineDetection == PBXMachineDetection(verdict: .machine, cause: "LONGGREETING-2000-1500"))
            #expect(rig.fake.commands(startingWith: "originate").first?.contains("execute_on_answer=amd") == true)
        }
    }

    @Test func sessionExtrasSendTheRightCommands() async throws {
        try await FreeSwitchRig.with { rig in
            let session = try #require(try await rig.dialer.dial(DialRequest(number: "0655555555")).session as? FreeSwitchCallSession)
            let id = session.callID.uuidString.lowercased()
            try await session.startAmbience(file: "/sounds/office.wav")
            try await session.startRecording(path: "/rec/\(id).wav")
            try await session.transfer(to: "3000")
            await #expect(throws: ESLCommandError.self) { try await session.startAmbience(file: "/a b.wav") }
            let commands = Array(rig.fake.receivedCommands.suffix(3))
            #expect(commands == ["uuid_displace \(id) start /sounds/office.wav 0 mux",
                                 "uuid_record \(id) start /rec/\(id).wav",
                                 "uuid_transfer \(id) 3000 XML default"])
        }
    }

    @Test func audioStreamForUnknownCallIsRefused() async throws {
        try await FreeSwitchRig.with { rig in
            let ws = try await PBXWebSocketClient.connect(url: rig.streams.streamURL(for: UUID()))
            let code: WebSocketErrorCode? = try await ws.executeThenClose { inbound, _ in
                for try await frame in inbound where frame.opcode == .connectionClose {
                    var data = frame.unmaskedData
                    return data.readWebSocketErrorCode()
                }
                return nil
            }
            #expect(code == .policyViolation)
            #expect(rig.streams.statistics.refused == 1)
        }
    }
}
