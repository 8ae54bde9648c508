import MiniBotCalls
import MiniBotDialogue
import MiniBotSpeech
import Testing

/// `bargeInRequiresWords`: a streaming recognizer's partial results decide the barge-in.
@Suite("CallController barge-in on words (partial results)")
struct CallControllerWordsBargeInTests {
    func makeCall(requiresWords: Bool = true) throws -> FakeCall {
        var configuration = CallControllerConfiguration(bargeInGraceMs: 1_000)
        configuration.detectsInBandDTMF = false
        configuration.bargeInRequiresWords = requiresWords
        let controller = CallController(scenario: try Fixtures.finance(), nlu: Fixtures.nlu, configuration: configuration)
        return FakeCall(controller: controller, promptFrames: 300)
    }

    func partial(_ text: String) -> RecognitionResult {
        RecognitionResult(text: text, confidence: 0.7, isFinal: false, engine: "deepgram")
    }

    @Test func theFirstWordsInterruptThePromptNotTheSoundAlone() throws {
        var call = try makeCall()
        call.start()
        call.feed(Fixtures.silence(100))                 // 2 s into a 6 s prompt
        call.feed(Fixtures.speech(15))
        #expect(call.commands.contains { $0.isStartRecognition }, "the recognizer listens at once")
        #expect(!call.commands.contains { $0.isStop }, "sound alone does not cut the prompt")
        call.send(.partialRecognized(partial("  "), utterance: 0))
        #expect(!call.commands.contains { $0.isStop })
        call.send(.partialRecognized(partial("non merci"), utterance: 0))
        let stop = try #require(call.firstFrame { $0.isStop })
        #expect(stop == call.frame - 1)
        #expect(call.controller.bargeInCount == 1)
        #expect(call.controller.playingPrompt == nil)
        let bargeIn = call.commands.contains { if case .bargeIn(let id, _, let at) = $0 { id == "p0" && at == stop } else { false } }
        #expect(bargeIn)
        call.send(.partialRecognized(partial("non merci au revoir"), utterance: 0))
        #expect(call.controller.bargeInCount == 1, "one barge-in per utterance")
    }

    @Test func soundWithoutWordsLetsThePromptGoOn() throws {
        var call = try makeCall()
        call.start()
        call.feed(Fixtures.silence(100))
        call.feed(Fixtures.speech(15))                   // a cough: the recognizer hears nothing
        call.feed(Fixtures.silence(40))                  // endpoint, then the (empty) final result
        #expect(call.commands.contains { $0.isStartRecognition })
        #expect(!call.commands.contains { $0.isStop })
        #expect(call.controller.playingPrompt?.playbackID == "p0")
        #expect(call.controller.bargeInCount == 0)
        let callerTurns = call.commands.filter { if case .recordTurn(let turn) = $0 { turn.speaker == .caller } else { false } }
        #expect(callerTurns.isEmpty, "no caller turn for a sound without words")
    }

    @Test func aFinalTextWithWordsInterruptsWhenNoPartialCame() throws {
        var call = try makeCall()
        call.script = [.said("non merci", confidence: 0.9)]
        call.start()
        call.feed(Fixtures.silence(100))
        call.feed(Fixtures.speech(15))
        call.feed(Fixtures.silence(40))
        #expect(call.commands.contains { $0.isStop })
        #expect(call.controller.bargeInCount == 1)
        let callerTurn = call.commands.contains { if case .recordTurn(let turn) = $0 { turn.speaker == .caller && turn.text == "non merci" } else { false } }
        #expect(callerTurn)
    }

    @Test func byDefaultTheSpeechStartInterruptsAndPartialsChangeNothing() throws {
        var call = try makeCall(requiresWords: false)
        call.start()
        call.feed(Fixtures.silence(100))
        call.feed(Fixtures.speech(15))
        let stops = call.commands.filter { $0.isStop }.count
        #expect(stops == 1)
        call.send(.partialRecognized(partial("non"), utterance: 0))
        #expect(call.commands.filter { $0.isStop }.count == 1)
        #expect(call.controller.bargeInCount == 1)
    }
}
