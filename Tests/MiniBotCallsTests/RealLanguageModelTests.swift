import Foundation
import MiniBotCalls
import MiniBotLanguage
import MiniBotSpeech
import Synchronization
import Testing

/// One real round trip through the local llama.cpp server (`scripts/llm-local.sh start`, a 270M base
/// model: plumbing only): streamed text arrives in several pieces, is cut into sentences and is
/// queued for the voice by the controller. Run alone (serial phase): it loads both cores.
@Suite("Real language model (llama.cpp server)",
       .enabled(if: ProcessInfo.processInfo.environment["MINIBOT_TEST_LLM_URL"] != nil,
                "MINIBOT_TEST_LLM_URL unset: start the server with scripts/llm-local.sh start"))
struct RealLanguageModelTests {
    static var model: HTTPLanguageModel {
        let environment = ProcessInfo.processInfo.environment
        return HTTPLanguageModel(configuration: .init(engine: .openai, baseURL: environment["MINIBOT_TEST_LLM_URL"] ?? "",
                                                      model: environment["MINIBOT_TEST_LLM_MODEL"] ?? ""),
                                 requestTimeout: .seconds(120))
    }

    @Test(.timeLimit(.minutes(3)))
    func streamedTextArrivesAndIsSpoken() async throws {
        let pieces = Mutex<[String]>([])
        let messages = [ChatMessage(.system, "Tu es un conseiller bref."), ChatMessage(.user, "Bonjour, qui êtes-vous ?")]
        try await Self.model.chat(ChatRequest(messages: messages, maxTokens: 24)) { piece in
            pieces.withLock { $0.append(piece) }
            return true
        }
        let streamed = pieces.withLock { $0 }
        #expect(streamed.count > 1, "a streamed answer arrives in pieces: \(streamed)")
        #expect(streamed.joined().contains { $0.isLetter })

        // The same server through the call's path: the service's sentences are queued for the voice.
        let service = LanguageModelService(model: Self.model, timeout: .seconds(60), answerBudget: .seconds(90))
        let events = Mutex<[LanguageModelEvent]>([])
        var configuration = CallControllerConfiguration()
        configuration.detectsInBandDTMF = false
        configuration.languageModel = LanguageModelSettings()
        configuration.dialogue.languageModelAvailable = true
        var call = FakeCall(controller: CallController(scenario: try Fixtures.finance(timeout: 5), nlu: Fixtures.nlu,
                                                       configuration: configuration), promptFrames: 50)
        call.start()
        call.playOut()
        call.script.append(.said("quelle est la couleur de votre logo", confidence: 0.9))
        call.feed(Fixtures.speech(30, seed: 11))
        call.feed(Fixtures.silence(45))
        let job = try #require(call.commands.compactMap { if case .generate(let job) = $0 { job } else { nil } }.first)
        var shortJob = job
        shortJob.maxTokens = 40
        await service.run(shortJob) { event in events.withLock { $0.append(event) } }
        let mark = call.log.count
        for event in events.withLock({ $0 }) { call.send(.languageModel(event)) }
        let plays = call.log[mark...].compactMap { if case .play(let request) = $0.command { request } else { nil } }
        let terminal = events.withLock { $0.last }
        if case .finished = terminal {
            #expect(plays.first?.kind == .answer, "\(plays)")          // generated text spoken…
        } else {
            #expect(plays.first?.kind == .builtin("not_understood"))   // …or the fallback (base model said nothing usable)
        }
        #expect(plays.last?.kind == .railReturn)                         // then the rail return, either way
        Swift.print("real LLM: \(streamed.count) pieces; answer events \(events.withLock { $0 })")
    }
}
