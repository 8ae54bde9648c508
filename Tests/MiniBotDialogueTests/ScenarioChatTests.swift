import MiniBotDialogue
import Testing

@Suite struct ScenarioChatTests {
    @Test func typedConversationShowsIntentObjectionScoreAndResult() throws {
        var chat = ScenarioChat(scenario: try shippedScenario("finance_agent"), classifier: FakeClassifier(),
                                matcher: FakeMatcher(), contact: ["first_name": "Jean", "last_name": "Dupont"])
        #expect(chat.start() == ["🤖 [Hello] Allô, bonjour Jean Dupont. Je suis Julie de notre banque.  [julie/base/hello.wav]"])
        let q1 = chat.send("Oui je vous écoute")
        #expect(q1.first == "   intent: affirm (0.9)")
        #expect(q1.contains { $0.hasPrefix("🤖 [Q1] Avez-vous") })
        let objection = chat.send("Oui mais c'est trop cher vos taux")
        #expect(objection.contains("   objection matched: finance_1_trop_cher (score 0.9)"))
        #expect(objection.contains { $0.hasSuffix("(rail return)") })
        #expect(chat.send("Oui effectivement").contains("   score: 30/100"))
        _ = chat.send("Oui pourquoi pas")
        let end = chat.send("Oui d'accord")
        #expect(end.last?.hasPrefix("📞 end of call — result: LEAD (score 100)") == true)
        #expect(chat.isFinished)
        #expect(chat.send("allô ?") == ["(the call has ended)"])
    }

    @Test func emptyLinesAreSilences() throws {
        var chat = ScenarioChat(scenario: try shippedScenario("finance_agent"), classifier: FakeClassifier(), matcher: FakeMatcher())
        _ = chat.start()
        #expect(chat.send("").contains("🤖 [retry_silence] Allô, vous m'entendez ?  [julie/base/retry_silence.wav]"))
        #expect(chat.send("   ").last?.contains("NO_ANSWER") == true)
    }

    @Test func traceLinesAreOptional() throws {
        var chat = ScenarioChat(scenario: try shippedScenario("finance_agent"), classifier: FakeClassifier(),
                                matcher: FakeMatcher(), showTrace: true)
        #expect(chat.start().first?.hasPrefix("   · call answered") == true)
    }
}
