import MiniBotCalls
import MiniBotDialogue
import Testing

@Suite("CallController barge-in")
struct CallControllerBargeInTests {
    func makeCall(bargeIn: Bool? = nil, graceMs: Int = 3_000) throws -> FakeCall {
        var configuration = CallControllerConfiguration(bargeInGraceMs: graceMs)
        configuration.detectsInBandDTMF = false
        let controller = CallController(scenario: try Fixtures.finance(bargeIn: bargeIn), nlu: Fixtures.nlu,
                                        configuration: configuration)
        return FakeCall(controller: controller, promptFrames: 300)
    }

    @Test func startPlaysTheFirstStepWithItsBargeInFlag() throws {
        var call = try makeCall()
        call.start()
        let first = try #require(call.plays.first)
        #expect(first.kind == .step("Hello"))
        #expect(first.bargeIn)
        #expect(first.audioFile == "julie/base/hello.wav")
    }

    @Test func speechAfterTheGracePeriodStopsThePromptOnTheVADsFrame() throws {
        var call = try makeCall()
        call.start()
        call.feed(Fixtures.silence(200))               // 4 s into a 6 s prompt
        let speechStart = call.frame
        call.feed(Fixtures.speech(20))
        let stop = try #require(call.firstFrame { $0.isStop })
        let recognition = try #require(call.firstFrame { $0.isStartRecognition })
        #expect(stop == recognition)                   // same frame as the VAD's speech start
        #expect(stop >= speechStart)
        #expect((stop - speechStart) * 20 < 100)       // ≪ 100 ms after the caller started
        #expect(call.controller.bargeInCount == 1)
        let bargeIn = call.commands.contains { if case .bargeIn(_, _, let at) = $0 { at == stop } else { false } }
        #expect(bargeIn)
    }

    @Test func speechWithinTheGracePeriodIsIgnored() throws {
        var call = try makeCall()
        call.start()
        call.feed(Fixtures.silence(50))                // 1 s into the prompt
        call.feed(Fixtures.speech(30))
        call.feed(Fixtures.silence(40))
        #expect(!call.commands.contains { $0.isStop })
        #expect(!call.commands.contains { $0.isStartRecognition })
        #expect(call.controller.playingPrompt?.playbackID == "p0")
    }

    @Test func aShorterGracePeriodIsHonoured() throws {
        var call = try makeCall(graceMs: 500)
        call.start()
        call.feed(Fixtures.silence(30))                // 600 ms
        call.feed(Fixtures.speech(10))
        #expect(call.commands.contains { $0.isStop })
    }

    @Test func bargeInDisabledLetsThePromptPlayToTheEnd() throws {
        var call = try makeCall(bargeIn: false)
        call.start()
        call.feed(Fixtures.silence(200))
        call.feed(Fixtures.speech(40))                 // talks 0.8 s over the prompt after 4 s
        call.feed(Fixtures.silence(60))                // prompt ends at frame 300
        #expect(!call.commands.contains { $0.isStop })
        #expect(!call.commands.contains { $0.isStartRecognition })
        let finished = call.commands.contains {
            if case .recordTurn(let turn) = $0 { turn.speaker == .bot && turn.engine == "played" } else { false }
        }
        #expect(finished)
    }

    @Test func preRollGivesTheRecognizerTheFirstSyllable() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        let speech = Fixtures.speech(30, seed: 7)
        call.feed(speech)
        let fed = try #require(call.fed[0])
        // The first frame the recognizer gets is the caller's first speech frame or earlier.
        let firstSpeechIndex = fed.firstIndex(of: speech[0])
        #expect(firstSpeechIndex != nil)
        #expect(fed.count >= speech.count)
    }
}
