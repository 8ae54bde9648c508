import MiniBotLanguage
import Testing

@Suite("Language model: sentence assembly")
struct SentenceAssemblerTests {
    func sentences(_ chunks: [String]) -> [String] {
        var assembler = SentenceAssembler()
        var out = chunks.flatMap { assembler.append($0) }
        if let rest = assembler.finish() { out.append(rest) }
        return out
    }

    @Test func splitsOnTerminatorsFollowedBySpace() {
        #expect(sentences(["Bonjour. Comment allez-vous ? Très bien !"]) == ["Bonjour.", "Comment allez-vous ?", "Très bien !"])
    }

    @Test func theSameSentencesWhateverTheChunkBoundaries() {
        let text = "Bien sûr, M. Dupont. Le taux est de 3.5 pour cent… Vous voyez ?! D'accord.\nMerci"
        let expected = ["Bien sûr, M. Dupont.", "Le taux est de 3.5 pour cent…", "Vous voyez ?!", "D'accord.", "Merci"]
        #expect(sentences([text]) == expected)
        let characters = Array(text)
        for cut in 0...characters.count {
            #expect(sentences([String(characters[..<cut]), String(characters[cut...])]) == expected, "cut at \(cut)")
        }
        #expect(sentences(characters.map { String($0) }) == expected)  // one character at a time
    }

    @Test func aSentenceIsReleasedAsSoonAsTheNextWordStarts() {
        var assembler = SentenceAssembler()
        #expect(assembler.append("Oui.").isEmpty)       // maybe "Oui..." still coming
        #expect(assembler.append(" Je").count == 1)
        #expect(assembler.append(" comprends.").isEmpty)
        #expect(assembler.finish() == "Je comprends.")
    }

    @Test func titlesAndInitialsDoNotEndSentences() {
        #expect(sentences(["Mme. Martin et J. Durand arrivent. Ensuite"]) == ["Mme. Martin et J. Durand arrivent.", "Ensuite"])
    }

    @Test func blankOrPunctuationOnlyPiecesAreNotSentences() {
        #expect(sentences(["  ", ". ", "\n\n", "..."]).isEmpty)
        var assembler = SentenceAssembler()
        #expect(assembler.finish() == nil)
    }
}

@Suite("Language model: reply shaping")
struct ReplyShaperTests {
    @Test func atMostTwoSentences() {
        var shaper = ReplyShaper(policy: ReplyPolicy())
        #expect(shaper.accept("Première phrase.") == .speak("Première phrase."))
        #expect(shaper.accept("Deuxième phrase.") == .speak("Deuxième phrase."))
        #expect(shaper.isClosed)
        #expect(shaper.accept("Troisième phrase.") == .closed)
        #expect(shaper.text == "Première phrase. Deuxième phrase.")
    }

    @Test func theCharacterCapCutsALongFirstSentenceAtAWord() {
        var shaper = ReplyShaper(policy: ReplyPolicy(maxSentences: 2, maxCharacters: 40))
        let long = "Nous accompagnons nos clients depuis de très nombreuses années dans toute la France."
        guard case .speak(let spoken) = shaper.accept(long) else { Issue.record("not spoken"); return }
        #expect(spoken.count <= 40)
        #expect(spoken.hasSuffix("."))
        #expect(long.hasPrefix(String(spoken.dropLast())))
        #expect(shaper.isClosed)
    }

    @Test func aSecondSentenceThatDoesNotFitEndsTheAnswer() {
        var shaper = ReplyShaper(policy: ReplyPolicy(maxSentences: 3, maxCharacters: 30))
        #expect(shaper.accept("Bien sûr.") == .speak("Bien sûr."))
        #expect(shaper.accept("Voici une phrase bien trop longue pour tenir.") == .closed)
        #expect(shaper.text == "Bien sûr.")
    }

    @Test func everyAnswerRespectsTheCaps() {
        let pieces = ["Oui.", "Absolument, nous pouvons en parler.", String(repeating: "très ", count: 60) + "long.", "Fin."]
        for maxSentences in 1...3 {
            for maxCharacters in stride(from: 10, through: 300, by: 7) {
                var shaper = ReplyShaper(policy: ReplyPolicy(maxSentences: maxSentences, maxCharacters: maxCharacters))
                for piece in pieces { _ = shaper.accept(piece) }
                #expect(shaper.spoken.count <= maxSentences)
                #expect(shaper.text.count <= maxCharacters, "\(maxSentences)/\(maxCharacters): \(shaper.text)")
            }
        }
    }

    @Test func markdownEmojiAndRoleLabelsAreRemoved() {
        var shaper = ReplyShaper(policy: ReplyPolicy())
        #expect(shaper.accept("Assistant : **Bien sûr** 😀 !") == .speak("Bien sûr !"))
        #expect(shaper.accept("« Je vous écoute. »") == .speak("Je vous écoute."))
    }

    @Test func inventedPricesAndPromisesAreDropped() {
        var shaper = ReplyShaper(policy: ReplyPolicy(allowedFacts: "Le bilan coûte 49 € et il est sans engagement."))
        #expect(shaper.accept("C'est gratuit pendant trois mois.") == .drop("unsupported claim \"gratuit\""))
        #expect(shaper.accept("Vous gagnerez 12 % par an.") == .drop("unsupported claim \"12\""))
        #expect(shaper.accept("Le bilan coûte 49 €.") == .speak("Le bilan coûte 49 €."))
        #expect(shaper.accept("Et c'est sans engagement.") == .speak("Et c'est sans engagement."))
    }

    @Test func amountsAreFoundWithTheirCurrency() {
        #expect(ReplyShaper.amounts(in: "49,90 euros et 3 % et 1 000 €") == ["49,90", "3", "1 000"])
        #expect(ReplyShaper.amounts(in: "rappel à 14 h le 3 mai").isEmpty)
    }
}

@Suite("Language model: intent labels")
struct IntentLabelPromptTests {
    @Test func theClosedSetIsInThePromptAndSilenceIsNot() {
        let messages = IntentLabelPrompt.messages(utterance: "bof", question: "Êtes-vous propriétaire ?")
        #expect(messages.first?.role == .system)
        for label in ["affirm", "deny", "unsure", "question", "objection", "callback", "opt_out", "not_understood"] {
            #expect(messages[0].content.contains(label))
        }
        #expect(!messages[0].content.contains("silence"))
        #expect(messages.last?.content.contains("bof") == true)
        #expect(messages.last?.content.contains("Êtes-vous propriétaire ?") == true)
    }

    @Test func exactLabelsAreReadWithNoiseAround() {
        #expect(IntentLabelPrompt.parse("affirm") == .affirm)
        #expect(IntentLabelPrompt.parse(" Unsure.\n") == .unsure)
        #expect(IntentLabelPrompt.parse("\"opt_out\"") == .optOut)
        #expect(IntentLabelPrompt.parse("Étiquette : deny") == .deny)
        #expect(IntentLabelPrompt.parse("**callback**") == .callback)
    }

    @Test func anythingElseIsNotUnderstood() {
        for answer in ["", "oui", "affirm deny", "The answer is affirm", "silence", "opt-out", "affirmative", "affirm, car il dit oui"] {
            #expect(IntentLabelPrompt.parse(answer) == .notUnderstood, "\(answer)")
        }
    }
}
