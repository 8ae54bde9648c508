import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import Testing

/// The NLU runs once per caller utterance: one normalisation feeds the intent, the objection
/// lookup the dialogue engine answers from, and the turn's sentiment.
@Suite("CallController understands each utterance once")
struct CallControllerUnderstandingTests {
    @Test func eachUtteranceIsNormalisedOnceAndItsObjectionAnsweredFromTheNLU() throws {
        let controller = CallController(scenario: try Fixtures.finance(timeout: 30), nlu: Fixtures.nlu,
                                         configuration: CallControllerConfiguration(bargeInGraceMs: 60_000))
        var call = FakeCall(controller: controller, promptFrames: 50)
        call.script = [
            .said("oui bonjour", confidence: 0.9),
            .said("c'est trop cher pour moi", confidence: 0.9),
            .said("non merci ça ne m'intéresse pas", confidence: 0.9),
        ]
        _ = Fixtures.nlu.understand("bonjour", themes: ["finance"])   // lexicons built outside the count
        let audit = NormalizationAudit()
        FrenchNormalizer.$audit.withValue(audit) {
            call.start()
            for _ in 0..<3 {
                while !call.playing.isEmpty { call.feed(Fixtures.silence(1)) }   // the prompts end, the bot listens
                call.feed(Fixtures.speech(40))
                call.feed(Fixtures.silence(60))      // endpoint → recognition → NLU
            }
        }
        let callerTurns = call.commands.compactMap { command -> Turn? in
            if case .recordTurn(let turn) = command, turn.speaker == .caller { return turn }
            return nil
        }
        #expect(callerTurns.count == 3)
        #expect(audit.normalizations == callerTurns.count)
        #expect(callerTurns.allSatisfy { $0.sentiment != nil })
        let objectionAnswered = call.plays.contains { if case .answer = $0.kind { true } else { false } }
        #expect(objectionAnswered, "the objection was answered from the NLU's match: \(call.plays.map(\.kind))")
    }

    @Test func theNLUsUnderstandingCarriesIntentObjectionAndSentimentFromOneNormalisation() {
        _ = Fixtures.nlu.understand("bonjour", themes: ["finance"])   // builds the lexicons (normalising their phrases) once
        let audit = NormalizationAudit()
        let understood = FrenchNormalizer.$audit.withValue(audit) {
            Fixtures.nlu.understand("c'est beaucoup trop cher", themes: ["finance"])
        }
        #expect(audit.normalizations == 1)
        #expect(understood.intent.intent == .objection)
        #expect(understood.objection != nil)
        #expect(understood.sentiment != nil)
    }
}

@Suite("Understanding carries the callback moment")
struct UnderstandingCallbackTests {
    @Test func aCallbackRequestIsReadFromTheSameNormalisation() throws {
        _ = Fixtures.nlu.understand("rappelez-moi", themes: ["finance"])   // lexicons built outside the count
        let audit = NormalizationAudit()
        let understood = FrenchNormalizer.$audit.withValue(audit) {
            Fixtures.nlu.understand("rappelez-moi plutôt demain à 14 h", themes: ["finance"])
        }
        #expect(audit.normalizations == 1)
        #expect(understood.intent.intent == .callback)
        let time = try #require(understood.callbackTime)
        #expect(time.dayOffset == 1)
        #expect(time.hour == 14)
    }

    @Test func otherIntentsCarryNoCallbackMoment() {
        #expect(Fixtures.nlu.understand("oui ça m'intéresse", themes: []).callbackTime == nil)
    }
}
