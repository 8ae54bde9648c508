import MiniBotDialogue
import MiniBotLanguage
import Testing

@Suite struct DialogueEngineBehaviourTests {
    func started(_ name: String = "finance_agent", configuration: DialogueConfiguration = DialogueConfiguration(),
                 matcher: any ObjectionMatching = FakeMatcher(), indexSource: any IndexSource = SequentialIndexSource())
        throws -> DialogueEngine {
        var engine = DialogueEngine(scenario: try shippedScenario(name), matcher: matcher, contact: ["first_name": "Jean"],
                                    configuration: configuration, indexSource: indexSource)
        _ = engine.handle(.callAnswered)
        return engine
    }

    @Test func twoConsecutiveSilencesHangUpAsNoAnswer() throws {
        var engine = try started()
        let first = engine.handle(.silenceTimeout)
        #expect(first.prompts.map(\.stepID) == ["retry_silence"])
        #expect(first.outcome == nil)
        let second = engine.handle(.silenceTimeout)
        #expect(second.outcome?.result == .noAnswer)
        #expect(second.outcome?.reason == "2 consecutive silences on step retry_silence")
    }

    @Test func speechBetweenSilencesResetsTheCountAndReturnsToTheRail() throws {
        var engine = try started()
        _ = engine.handle(say("oui", .affirm))                  // → Q1
        _ = engine.handle(.silenceTimeout)                       // → retry_silence
        let back = engine.handle(say("oui je suis là", .affirm)) // @return → Q1
        #expect(back.prompts.map(\.stepID) == ["Q1"])
        #expect(engine.state.score == 0, "affirming on retry_silence must not score Q1")
        #expect(engine.handle(.silenceTimeout).outcome == nil)
    }

    @Test func determinantDenyGoesToByeFailed() throws {
        var engine = try started("rdv_energie")
        _ = engine.handle(say("oui", .affirm))
        let deny = engine.handle(say("non je suis locataire", .deny))
        #expect(deny.prompts.map(\.stepID) == ["bye_failed"])
        #expect(deny.outcome?.result == .notInterested)
        #expect(engine.state.disqualified)
    }

    @Test func determinantDenyWithoutMappingStillFails() throws {
        let json = #"""
        {"steps": {"hello": {"message_text": "Q ?", "determinant": true, "intent_mapping": {"affirm": "bye", "*": "bye"}},
                   "bye": {"message_text": "Merci", "result": "completed", "intent_mapping": {}},
                   "bye_failed": {"message_text": "Dommage", "result": "completed", "intent_mapping": {}}}}
        """#
        var engine = DialogueEngine(scenario: try Scenario.decode(json), matcher: EmptyMatcher())
        _ = engine.handle(.callAnswered)
        let deny = engine.handle(say("non", .deny))
        #expect(deny.prompts.map(\.stepID) == ["bye_failed"])
        #expect(deny.outcome?.result == .notInterested, "a refused determinant question is never a lead")
    }

    @Test func autonomousTurnsStopAtTheStepLimitThenTheRailContinues() throws {
        var engine = try started()
        _ = engine.handle(say("oui", .affirm)) // → Q1 (max_autonomous_turns 2)
        let first = engine.handle(say("c'est trop cher", .objection))
        let second = engine.handle(say("vraiment trop cher", .objection))
        #expect(first.answers.count == 1 && second.answers.count == 1)
        #expect(engine.state.autonomousTurnsUsed == 2)
        let third = engine.handle(say("toujours trop cher", .objection))
        #expect(third.answers.isEmpty)
        #expect(third.prompts.map(\.stepID) == ["Q2"], "exhausted: continue via Q1's unsure mapping")
        #expect(third.traces.contains { $0.contains("autonomous turns exhausted (2/2)") })
        #expect(engine.state.score == 0)
    }

    @Test func railReturnIsNeverTheSameTwiceInARow() throws {
        let questions = ["A ?", "B ?", "C ?"]
        var configuration = DialogueConfiguration(railReturnQuestions: questions)
        configuration.maxTurns = 10_000
        var scenario = try shippedScenario("finance_agent")
        scenario.steps = scenario.steps.map { step in
            var copy = step
            if copy.id == "Hello" { copy.maxAutonomousTurns = 10_000 }
            return copy
        }
        var engine = DialogueEngine(scenario: scenario, matcher: FakeMatcher(), configuration: configuration,
                                    indexSource: SeededIndexSource(seed: 7))
        _ = engine.handle(.callAnswered)
        var previous: String?
        var seen: Set<String> = []
        for _ in 0..<300 {
            let question = try #require(engine.handle(say("trop cher", .objection)).railReturns.first)
            #expect(question != previous)
            previous = question
            seen.insert(question)
        }
        #expect(seen == Set(questions))
    }

    @Test func unmatchedObjectionUsesFreestyleWhenALanguageModelIsConfigured() throws {
        var engine = try started(configuration: DialogueConfiguration(languageModelAvailable: true))
        _ = engine.handle(say("oui", .affirm))
        let actions = engine.handle(say("et vos frais de dossier alors", .question))
        let request = try #require(actions.compactMap { if case .freestyle(let r) = $0 { r } else { nil } }.first)
        #expect(request.stepID == "Q1")
        #expect(request.stepPrompt == "Avez-vous actuellement un crédit immobilier ?")
        #expect(request.themes == ["finance"])
        #expect(request.history.last == "caller: et vos frais de dossier alors")
        #expect(actions.railReturns.count == 1)
    }

    @Test func unmatchedObjectionWithoutLanguageModelSaysNotUnderstoodAndRepeats() throws {
        var engine = try started(matcher: EmptyMatcher())
        _ = engine.handle(say("oui", .affirm))
        let actions = engine.handle(say("bof vos trucs", .objection))
        #expect(actions.answers.first?.text == "Pardon, je n'ai pas bien saisi.") // the scenario's not_understood prompt
        #expect(actions.prompts.map(\.stepID) == ["Q1"])
        #expect(!actions.contains { if case .freestyle = $0 { true } else { false } })
    }

    @Test func optOutApologisesMarksAndHangsUp() throws {
        var engine = try started()
        let actions = engine.handle(say("ne m'appelez plus jamais", .optOut))
        #expect(actions.contains(.markOptOut))
        #expect(actions.answers.first?.source == .builtin("opt_out"))
        #expect(actions.outcome?.result == .optOut)
        let markIndex = try #require(actions.firstIndex(of: .markOptOut))
        let hangIndex = try #require(actions.firstIndex { if case .hangUp = $0 { true } else { false } })
        #expect(markIndex < hangIndex)
    }

    @Test func callbackKeepsTheTimeSaid() throws {
        var engine = try started()
        _ = engine.handle(say("oui", .affirm))
        let actions = engine.handle(say("rappelez-moi demain à 14 h", .callback))
        #expect(actions.contains(.setVariable(name: "callback_time", value: "demain à 14 h")))
        #expect(actions.answers.first?.text == "Très bien, nous vous rappellerons demain à 14 h. Bonne journée !")
        #expect(actions.outcome?.result == .callback)
        #expect(engine.state.callbackTime == "demain à 14 h")
    }

    @Test func callbackWithoutATime() throws {
        var engine = try started()
        let actions = engine.handle(say("rappelez-moi", .callback))
        #expect(!actions.contains { if case .setVariable = $0 { true } else { false } })
        #expect(actions.outcome?.result == .callback)
    }

    @Test func hardTurnCapEndsEveryLoop() throws {
        var configuration = DialogueConfiguration()
        configuration.maxTurns = 5
        let looping = #"{"steps": {"hello": {"message_text": "Encore ?", "intent_mapping": {"*": "hello"}}}}"#
        #expect(ScenarioValidator().validate(try Scenario.decode(looping)).errors.map(\.kind) == [.cycleWithoutExit])
        var engine = DialogueEngine(scenario: try Scenario.decode(looping), matcher: EmptyMatcher(), configuration: configuration)
        _ = engine.handle(.callAnswered)
        var outcome: CallOutcome?
        var turns = 0
        while outcome == nil, turns < 100 {
            outcome = engine.handle(say("blabla", .notUnderstood)).outcome
            turns += 1
        }
        #expect(turns == 6)
        #expect(outcome?.reason.hasPrefix("hard cap of 5 turns reached") == true)
    }

    @Test func threeRecognitionFailuresEndSoftly() throws {
        var engine = try started()
        #expect(engine.handle(.recognitionFailed).answers.first?.text == "Désolé, pouvez-vous répéter ?")
        #expect(engine.handle(.recognitionFailed).outcome == nil)
        let third = engine.handle(.recognitionFailed)
        #expect(third.outcome?.result == .failed)
        #expect(third.answers.first?.source == .builtin("technical_error"))
    }

    @Test func callerHangUpIsScoredAndEventsAfterTheEndAreIgnored() throws {
        var engine = try started()
        _ = engine.handle(say("oui", .affirm))
        _ = engine.handle(say("oui", .affirm))
        let hangUp = engine.handle(.callerHungUp)
        #expect(hangUp.outcome?.result == .notInterested)
        #expect(hangUp.outcome?.score == 30)
        #expect(engine.handle(say("allô", .affirm)) == [.trace("call already ended (not_interested); utterance ignored")])
    }

    @Test func maxDurationEndsPolitely() throws {
        var engine = try started("sav_inbound")
        let actions = engine.handle(.maxDurationReached)
        #expect(actions.answers.first?.text == "Merci pour votre appel. Au revoir !")
        #expect(actions.outcome != nil)
    }

    @Test func dtmfFollowsTheStepsDigitMapping() throws {
        let json = #"""
        {"steps": {"menu": {"message_text": "Tapez 1 pour un conseiller", "dtmf_mapping": {"1": "agent"}, "intent_mapping": {"*": "menu"}},
                   "agent": {"message_text": "Je vous transfère", "transfer_to": "conseillers", "result": "completed", "intent_mapping": {}}}}
        """#
        var engine = DialogueEngine(scenario: try Scenario.decode(json), matcher: EmptyMatcher())
        _ = engine.handle(.callAnswered)
        #expect(engine.handle(.dtmf("5")).traces == ["DTMF 5 on step menu: no dtmf_mapping; ignored"])
        #expect(engine.handle(.promptFinished).traces == ["prompt finished on step menu"])
        let actions = engine.handle(.dtmf("1"))
        #expect(actions.prompts.map(\.stepID) == ["agent"])
        #expect(actions.contains { if case .transfer(let target, _) = $0 { target == "conseillers" } else { false } })
    }
}
