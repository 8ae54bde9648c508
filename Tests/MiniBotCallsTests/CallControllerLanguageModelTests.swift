import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import Testing

/// The language model in the pure controller: when it is asked, what plays while it answers, and
/// the local fallback when it does not.
@Suite("CallController language model")
struct CallControllerLanguageModelTests {
    func makeCall(languageModel: Bool = true, threshold: Double = 0.5, scenario: Scenario? = nil) throws -> FakeCall {
        var configuration = CallControllerConfiguration(bargeInGraceMs: 500)
        configuration.detectsInBandDTMF = false
        if languageModel {
            configuration.languageModel = LanguageModelSettings(intentThreshold: threshold)
            configuration.dialogue.languageModelAvailable = true
        }
        let controller = CallController(scenario: try scenario ?? Fixtures.finance(timeout: 5), nlu: Fixtures.nlu,
                                        configuration: configuration)
        return FakeCall(controller: controller, promptFrames: 50)
    }

    /// Plays the greeting out, then the caller says `text`.
    func say(_ text: String, confidence: Double = 0.9, in call: inout FakeCall) {
        call.script.append(.said(text, confidence: confidence))
        call.feed(Fixtures.speech(30, seed: UInt32(call.frame + 7)))
        call.feed(Fixtures.silence(45))
    }

    func jobs(_ call: FakeCall) -> [LanguageModelJob] {
        call.commands.compactMap { if case .generate(let job) = $0 { job } else { nil } }
    }

    func playsAfter(_ index: Int, in call: FakeCall) -> [PromptRequest] {
        call.log[index...].compactMap { if case .play(let request) = $0.command { request } else { nil } }
    }

    // MARK: freestyle

    @Test func anUnmatchedQuestionAsksTheModelAndTheRailReturnWaitsForItsAnswer() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        say("quelle est la couleur de votre logo", in: &call)
        let job = try #require(jobs(call).first)
        #expect(job.purpose == .freestyle)
        #expect(job.messages.first?.role == .system)
        #expect(job.messages.last == ChatMessage(.user, "quelle est la couleur de votre logo"))
        #expect(job.cacheKey == "finance_agent|quelle est la couleur de votre logo")
        let mark = call.log.count
        call.feed(Fixtures.silence(400))                   // 8 s: longer than the step's timeout, no silence event
        #expect(playsAfter(mark, in: call).isEmpty)
        #expect(!call.controller.isFinished)

        call.send(.languageModel(.sentence(job: job.id, text: "Notre logo est bleu.")))
        let answer = try #require(playsAfter(mark, in: call).last)
        #expect(answer.kind == .answer)
        #expect(answer.text == "Notre logo est bleu.")
        call.send(.languageModel(.finished(job: job.id, latencyMs: 420, firstSentenceMs: 300, cached: false)))
        #expect(playsAfter(mark, in: call).map(\.kind) == [.answer, .railReturn])
        let use = try #require(call.controller.languageModelUses.last)
        #expect(use.path == .llm)
        #expect(use.purpose == "freestyle")
        #expect(use.latencyMs == 420)
    }

    @Test func aFailedAnswerPlaysTheNotUnderstoodPhraseThenTheRailReturn() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        say("quelle est la couleur de votre logo", in: &call)
        let job = try #require(jobs(call).first)
        let mark = call.log.count
        call.send(.languageModel(.failed(job: job.id, reason: "timeout", latencyMs: 1_500)))
        let plays = playsAfter(mark, in: call)
        #expect(plays.map(\.kind) == [.builtin("not_understood"), .railReturn])
        #expect(call.controller.languageModelUses.last?.path == .fallback)
        #expect(call.controller.languageModelUses.last?.failure == "timeout")
        // The call goes on: the caller's next answer is heard.
        call.playOut()
        say("oui", in: &call)
        #expect(call.plays.last?.kind == .step("Q1"))
    }

    @Test func theMatcherAnswerNeverAsksTheModel() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        say("c'est trop cher pour moi", in: &call)
        #expect(jobs(call).isEmpty)
        #expect(call.plays.contains { $0.kind == .answer })
        #expect(call.controller.languageModelUses.map(\.path) == [.matcher])
    }

    @Test func withoutAModelTheUnmatchedQuestionGetsTheNotUnderstoodPhrase() throws {
        var call = try makeCall(languageModel: false)
        call.start()
        call.playOut()
        say("quelle est la couleur de votre logo", in: &call)
        #expect(jobs(call).isEmpty)
        #expect(call.plays.contains { $0.kind == .builtin("not_understood") })
    }

    @Test func aStepWithFreestyleFalseNeverAsksTheModel() throws {
        var scenario = try Fixtures.finance(timeout: 5)
        scenario.steps = scenario.steps.map { step in
            var step = step
            step.extras.append(JSONField("freestyle", .bool(false)))
            return step
        }
        var call = try makeCall(scenario: scenario)
        call.start()
        call.playOut()
        say("quelle est la couleur de votre logo", in: &call)
        #expect(jobs(call).isEmpty)
    }

    // MARK: intent fall-back

    @Test func aConfidentIntentNeverAsksTheModel() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        say("oui tout à fait", in: &call)
        #expect(jobs(call).isEmpty)
        #expect(call.plays.last?.kind == .step("Q1"))
    }

    @Test func anUnsureIntentAsksTheModelForOneLabelAndFollowsIt() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        say("patate", in: &call)                            // not_understood locally
        let job = try #require(jobs(call).first)
        #expect(job.purpose == .intent)
        #expect(job.messages.last?.content.contains("patate") == true)
        let turnsBefore = call.commands.filter { if case .recordTurn(let t) = $0 { t.speaker == .caller } else { false } }
        #expect(turnsBefore.isEmpty)                          // recorded once the intent is decided
        call.send(.languageModel(.label(job: job.id, text: "affirm")))
        call.send(.languageModel(.finished(job: job.id, latencyMs: 200, firstSentenceMs: 200, cached: false)))
        #expect(call.plays.last?.kind == .step("Q1"))
        let turn = call.commands.compactMap { if case .recordTurn(let t) = $0, t.speaker == .caller { t } else { nil } }.last
        #expect(turn?.intent == "affirm")
        #expect(call.controller.languageModelUses.last?.purpose == "intent")
    }

    @Test func aWrongLabelIsNotUnderstood() throws {
        var call = try makeCall()
        call.start()
        call.playOut()
        say("patate", in: &call)
        let job = try #require(jobs(call).first)
        call.send(.languageModel(.label(job: job.id, text: "Bien sûr, la personne est d'accord.")))
        call.send(.languageModel(.finished(job: job.id, latencyMs: 200, firstSentenceMs: 200, cached: false)))
        let turn = call.commands.compactMap { if case .recordTurn(let t) = $0, t.speaker == .caller { t } else { nil } }.last
        #expect(turn?.intent == "not_understood")
        #expect(call.commands.contains { if case .trace(let t) = $0 { t.contains("as not_understood") } else { false } })
    }

    @Test func onlyBelowTheThreshold() throws {
        // "bof" is unsure at 0.769: below a 0.8 threshold it is checked, below 0.5 it is not.
        var strict = try makeCall(threshold: 0.8)
        strict.start(); strict.playOut()
        say("bof", in: &strict)
        #expect(jobs(strict).first?.purpose == .intent)
        var lenient = try makeCall(threshold: 0.5)
        lenient.start(); lenient.playOut()
        say("bof", in: &lenient)
        #expect(jobs(lenient).isEmpty)
    }

    @Test func aFailedLabelKeepsTheLocalIntent() throws {
        var call = try makeCall(threshold: 0.8)
        call.start(); call.playOut()
        say("bof", in: &call)
        let job = try #require(jobs(call).first)
        call.send(.languageModel(.failed(job: job.id, reason: "server: 500", latencyMs: 30)))
        #expect(call.plays.last?.kind == .step("Q1"))       // unsure → Q1, as without a model
        #expect(call.controller.languageModelUses.last?.path == .fallback)
    }

    // MARK: opt-out

    @Test func anOptOutNeverGoesToTheModelAndEndsPolitely() throws {
        var call = try makeCall(threshold: 0.99)
        call.start(); call.playOut()
        say("ne m'appelez plus jamais", in: &call)
        #expect(jobs(call).isEmpty)
        #expect(call.commands.contains(.markOptOut))
        call.playOut()
        #expect(call.controller.isFinished)
        #expect(call.plays.last?.text.contains("Vous ne serez plus appelé") == true)
    }

    @Test func anOptOutDuringAnAnswerCancelsItAndNothingGeneratedPlaysAfter() throws {
        var call = try makeCall()
        call.start(); call.playOut()
        say("quelle est la couleur de votre logo", in: &call)
        let job = try #require(jobs(call).first)
        say("ne m'appelez plus", in: &call)
        #expect(call.commands.contains(.cancelGeneration(job: job.id)))
        #expect(call.commands.contains(.markOptOut))
        let mark = call.log.count
        call.send(.languageModel(.sentence(job: job.id, text: "Notre logo est bleu.")))
        call.send(.languageModel(.finished(job: job.id, latencyMs: 900, firstSentenceMs: 900, cached: false)))
        #expect(playsAfter(mark, in: call).isEmpty)
        call.playOut()
        #expect(call.controller.isFinished)
        #expect(call.controller.outcome?.result == .optOut)
    }

    // MARK: llm_prompt steps

    @Test func aStepWithAnLLMPromptIsWordedByTheModelWithItsTextAsFallback() throws {
        let scenario = try Scenario.load(path: Fixtures.repositoryRoot + "/scenarios/sav_inbound.json")
        #expect(scenario.step("identification")?.llmPrompt != nil)
        for succeeds in [true, false] {
            var call = try makeCall(scenario: scenario)
            call.start(); call.playOut()
            say("ma box ne marche plus", in: &call)
            if let intent = jobs(call).first(where: { $0.purpose == .intent }) {
                call.send(.languageModel(.failed(job: intent.id, reason: "timeout", latencyMs: 1_500)))
            }
            let job = try #require(jobs(call).first { $0.purpose == .step("identification") })
            #expect(job.messages.first?.content.contains("agent SAV") == true)
            #expect(job.messages.last?.content == "ma box ne marche plus")
            let mark = call.log.count
            if succeeds {
                call.send(.languageModel(.sentence(job: job.id, text: "Pouvez-vous me donner votre nom ?")))
                call.send(.languageModel(.finished(job: job.id, latencyMs: 300, firstSentenceMs: 300, cached: false)))
                #expect(playsAfter(mark, in: call).map(\.text) == ["Pouvez-vous me donner votre nom ?"])
            } else {
                call.send(.languageModel(.failed(job: job.id, reason: "timeout", latencyMs: 1_500)))
                #expect(playsAfter(mark, in: call).map(\.text) == [scenario.step("identification")?.messageText])
            }
            #expect(playsAfter(mark, in: call).first?.kind == .step("identification"))
        }
    }
}
