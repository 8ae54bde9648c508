import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotSpeech
import Testing

@Suite("CallController silences, failures, hang-ups, DTMF")
struct CallControllerTimingTests {
    func makeCall(timeout: Double = 2, amd: AMDConfiguration? = nil, scenario: Scenario? = nil) throws -> FakeCall {
        var configuration = CallControllerConfiguration(answeringMachineDetection: amd)
        configuration.recognitionTimeoutMs = 1_000
        let controller = CallController(scenario: try scenario ?? Fixtures.finance(timeout: timeout), nlu: Fixtures.nlu,
                                        configuration: configuration)
        return FakeCall(controller: controller, promptFrames: 50)
    }

    @Test func silenceTimeoutIsCountedFromTheEndOfThePrompt() throws {
        var call = try makeCall(timeout: 2)
        call.start()
        call.playOut()
        let promptEnd = call.frame
        call.feed(Fixtures.silence(99))
        #expect(call.plays.count == 1)
        call.feed(Fixtures.silence(2))
        #expect(call.plays.count == 2)                 // 2 s = 100 frames after the prompt
        #expect(call.plays[1].kind == .step("retry_silence"))
        let replay = try #require(call.log.last { if case .play = $0.command { true } else { false } })
        #expect(replay.frame - promptEnd == 100)
    }

    @Test func twoSilencesEndTheCallAsNoAnswer() throws {
        var call = try makeCall(timeout: 1)
        call.start()
        for _ in 0..<4 {
            call.playOut()
            call.feed(Fixtures.silence(60))
        }
        call.playOut()
        let outcome = try #require(call.commands.compactMap(\.hangupOutcome).first)
        #expect(outcome.result == .noAnswer)
        #expect(call.controller.isFinished)
    }

    @Test func aFullConversationEndsAsALead() throws {
        var call = try makeCall()
        call.script = ["oui c'est moi", "oui j'ai un crédit", "oui ça m'intéresse", "oui d'accord", "demain matin"]
            .map { .said($0, confidence: 0.9) }
        call.start()
        for index in 0..<8 where !call.controller.isFinished {
            call.playOut()
            if index < 5 { call.feed(Fixtures.speech(25, seed: UInt32(index + 1))) }
            call.feed(Fixtures.silence(40))
        }
        call.playOut()
        let outcome = try #require(call.commands.compactMap(\.hangupOutcome).first)
        #expect(outcome.result == .lead)
        let callerTurns = call.commands.compactMap { if case .recordTurn(let turn) = $0, turn.speaker == .caller { turn } else { nil } }
        #expect(callerTurns.count >= 4)
        #expect(callerTurns.allSatisfy { $0.engine == "simulated" && $0.endMs > $0.startMs })
    }

    @Test func recognitionFailuresAskToRepeatThenHangUpSoftly() throws {
        var call = try makeCall()
        call.script = Array(repeating: .failure(.timeout), count: 3)
        call.start()
        for _ in 0..<3 where !call.controller.isFinished {
            call.playOut()
            call.feed(Fixtures.speech(20))
            call.feed(Fixtures.silence(40))
        }
        call.playOut()
        #expect(call.plays.contains { $0.kind == .builtin("please_repeat") })
        #expect(call.plays.last?.kind == .builtin("technical_error"))
        #expect(call.commands.compactMap(\.hangupOutcome).first?.result == .failed)
        // The typed failure still reads as the engine's error in the call's trace.
        let traces = call.commands.compactMap { if case .trace(let text) = $0 { text } else { nil } }
        #expect(traces.contains { $0.hasPrefix("recognition failed for utterance") && $0.hasSuffix(": speech recognition timed out") })
    }

    @Test func aRecognizerThatNeverAnswersTimesOut() throws {
        var call = try makeCall()
        call.recognitionDelay = 10_000
        call.start()
        call.playOut()
        call.feed(Fixtures.speech(20))
        call.feed(Fixtures.silence(30))                // endpoint after 600 ms
        let endpoint = try #require(call.firstFrame { if case .endpoint = $0 { true } else { false } })
        call.feed(Fixtures.silence(60))                // timeout is 1 s = 50 frames
        let cancel = try #require(call.firstFrame { if case .cancelRecognition = $0 { true } else { false } })
        #expect(cancel - endpoint == 50)
        #expect(call.plays.contains { $0.kind == .builtin("please_repeat") })
    }

    @Test func answeringMachineStopsThePromptAndHangsUp() throws {
        var call = try makeCall(amd: .asteriskDefaults)
        call.promptFrames = 300                        // a 6 s greeting still playing at the verdict
        call.start()
        #expect(call.plays.count == 1)                 // greeting starts at once
        call.feed(Fixtures.speech(150))                // a 3 s continuous greeting
        let verdict = call.commands.compactMap { if case .amdVerdict(let result) = $0 { result } else { nil } }.first
        #expect(verdict?.verdict == .machine)
        let outcome = try #require(call.commands.compactMap(\.hangupOutcome).first)
        #expect(outcome.result == .answeringMachine)
        #expect(call.commands.contains { $0.isStop })
        #expect(call.plays.count == 1)                 // nothing more was played
        #expect(call.controller.handle(.inboundFrame(Fixtures.silence(1)[0])).isEmpty)
    }

    @Test func aHumanGreetingLetsTheDialogueContinue() throws {
        var call = try makeCall(amd: .asteriskDefaults)
        call.start()
        call.feed(Fixtures.speech(25))                 // "allô ?"
        call.feed(Fixtures.silence(60))
        #expect(call.controller.amdResult?.verdict == .human)
        #expect(!call.controller.isFinished)
    }

    @Test func waitingForAMDDelaysTheFirstPrompt() throws {
        var configuration = CallControllerConfiguration(answeringMachineDetection: .asteriskDefaults,
                                                        playsGreetingDuringDetection: false)
        configuration.detectsInBandDTMF = false
        var call = FakeCall(controller: CallController(scenario: try Fixtures.finance(), nlu: Fixtures.nlu,
                                                       configuration: configuration))
        call.start()
        #expect(call.plays.isEmpty)
        call.feed(Fixtures.speech(25))
        call.feed(Fixtures.silence(45))
        #expect(call.plays.count == 1)
    }

    @Test func remoteHangupMidPromptEndsTheCallOnce() throws {
        var call = try makeCall()
        call.start()
        call.feed(Fixtures.silence(10))
        call.send(.remoteHangup)
        let outcomes = call.commands.compactMap(\.hangupOutcome)
        #expect(outcomes.count == 1)
        #expect(call.controller.isFinished)
        #expect(call.controller.handle(.remoteHangup).isEmpty)
    }

    func dtmfScenario() throws -> Scenario {
        var scenario = try Fixtures.finance()
        scenario.steps = scenario.steps.map { step in
            var step = step
            if step.id == "Hello" { step.dtmfMapping = [KeywordRoute("1", "Q1")] }
            return step
        }
        return scenario
    }

    @Test func pbxDTMFRoutesTheDialogue() throws {
        var call = try makeCall(scenario: try dtmfScenario())
        call.start()
        call.playOut()
        call.send(.dtmf("1"))
        #expect(call.plays.last?.kind == .step("Q1"))
    }

    @Test func inBandDTMFIsDetectedFromTheCallerAudio() throws {
        var call = try makeCall(scenario: try dtmfScenario())
        call.start()
        call.playOut()
        call.feed(Fixtures.dtmf(697, 1209, frames: 5))  // digit 1
        call.feed(Fixtures.silence(5))
        #expect(call.plays.last?.kind == .step("Q1"))
    }
}
