import Foundation
import MiniBotTelephony
import Testing

@Suite("SimulatedCaller")
struct SimulatedCallerTests {
    static let voice = [Int16](repeating: 3_000, count: 160).enumerated().map { $0.offset % 2 == 0 ? $0.element : -$0.element }
    static let quiet = [Int16](repeating: 0, count: 160)

    /// Feeds `voiced` bot frames then `silent` frames; returns every action with its frame number.
    func play(_ caller: inout SimulatedCaller, voiced: Int, silent: Int, from start: Int = 0) -> [(Int, SimulatedCaller.Action)] {
        var actions: [(Int, SimulatedCaller.Action)] = []
        for index in 0..<(voiced + silent) {
            let frame = index < voiced ? Self.voice : Self.quiet
            for action in caller.received(frame, atNanoseconds: UInt64(start + index) * 20_000_000) {
                actions.append((start + index, action))
            }
        }
        return actions
    }

    @Test func answersAfterThePromptEnds() {
        var caller = SimulatedCaller(persona: .answering(["oui", "non"]))
        #expect(caller.start().isEmpty)
        let actions = play(&caller, voiced: 100, silent: 40)
        #expect(actions.count == 1)
        #expect(actions.first?.1 == .say("oui", recognised: true))
        #expect(actions.first?.0 == 100 + 25 - 1)       // 500 ms of silence after the prompt
        #expect(caller.outcome.promptDurationsMs == [2_000])
    }

    @Test func bargesInAtTheGivenOffsetAndMeasuresTheStop() {
        var caller = SimulatedCaller(persona: Persona(name: "b", turns: [.bargeIn("oui", afterMs: 3_500)]))
        let actions = play(&caller, voiced: 180, silent: 30)
        #expect(actions.first?.1 == .say("oui", recognised: true))
        #expect(actions.first?.0 == 174)                 // 175 voiced frames = 3.5 s
        #expect(caller.outcome.bargeInAtPromptMs == 3_500)
        #expect(caller.outcome.bargeInStopLatencyMs == Double(180 - 174) * 20)
    }

    @Test func hangsUpDuringAPrompt() {
        var caller = SimulatedCaller(persona: Persona(name: "h", turns: [.stayQuiet, .hangUpDuringPrompt(afterMs: 400)]))
        let first = play(&caller, voiced: 50, silent: 30)
        #expect(first.isEmpty)
        let second = play(&caller, voiced: 50, silent: 10, from: 80)
        #expect(second.map(\.1) == [.hangUp])
        #expect(caller.isFinished && caller.outcome.endedBy == .caller)
    }

    @Test func anAnsweringMachineSpeaksAtOnceAndAGreetingIsNotRecognised() {
        var machine = SimulatedCaller(persona: .answeringMachine(greetingMs: 4_000))
        #expect(machine.start() == [.playGreeting(durationMs: 4_000)])
        var human = SimulatedCaller(persona: Persona(name: "h", greeting: "allô ?", turns: [.sendDTMF("12")]))
        #expect(human.start() == [.say("allô ?", recognised: false)])
        #expect(play(&human, voiced: 20, silent: 30).map(\.1) == [.sendDTMF("12")])
    }

    @Test func givesUpAfterTheMaximumCallLength() {
        var caller = SimulatedCaller(persona: Persona(name: "s", turns: [], maxCallMs: 1_000))
        let actions = play(&caller, voiced: 0, silent: 60)
        #expect(actions.map(\.1) == [.hangUp])
        #expect(actions.first?.0 == 49)
    }

    @Test func personasDecodeFromJSON() throws {
        let json = """
        {"name": "mix", "answer_after_ms": 1500, "greeting": "allô",
         "turns": [{"say": "oui"}, {"stay_quiet": true}, {"dtmf": "1"}, {"barge_in": {"text": "non", "after_ms": 3500}},
                   {"hang_up_during_prompt_ms": 800}, {"answering_machine_ms": 5000}, {"hang_up": true}]}
        """
        let persona = try JSONDecoder().decode(Persona.self, from: Data(json.utf8))
        #expect(persona.answerAfterMs == 1_500)
        #expect(persona.turns == [.say("oui"), .stayQuiet, .sendDTMF("1"), .bargeIn("non", afterMs: 3_500),
                                  .hangUpDuringPrompt(afterMs: 800), .answeringMachine(greetingMs: 5_000), .hangUp])
        let again = try JSONDecoder().decode(Persona.self, from: JSONEncoder().encode(persona))
        #expect(again == persona)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(Persona.self, from: Data(#"{"name": "x", "turns": [{"sing": "la"}]}"#.utf8))
        }
    }

    @Test func murmurIsContinuousSpeechOfTheRightLength() async {
        let voice = MurmurVoice(millisecondsPerCharacter: 50)
        let frames = await voice.frames(for: "oui c'est moi")
        #expect(frames.count == 13 * 50 / 20 + 1 || frames.count == 13 * 50 / 20)
        #expect(frames.dropFirst().dropLast().allSatisfy { frame in frame.reduce(0) { $0 + abs(Int($1)) } / 160 > 500 })
    }
}
