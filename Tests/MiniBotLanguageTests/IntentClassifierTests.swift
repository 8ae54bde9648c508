import Testing
import MiniBotLanguage

/// Behaviours the dialogue engine relies on, straight from the brief and seed 001.
@Suite struct IntentClassifierTests {
    let classifier = IntentClassifier()

    @Test(arguments: [
        ("pas intéressé", Intent.deny),
        ("ça ne m'intéresse pas", .deny),
        ("ca m interesse pas du tout", .deny),
        ("non merci", .deny),
        ("oui mais c'est trop cher", .objection),
        ("Oui mais c'est trop cher vos taux", .objection),
        ("pourquoi pas", .affirm),
        ("oui pourquoi pas", .affirm),
        ("rappelez-moi demain", .callback),
        ("rappelez moi plus tard je suis occupé", .callback),
        ("retirez-moi de votre liste", .optOut),
        ("ne m'appelez plus", .optOut),
        ("ne me rappelez plus jamais", .optOut),
        ("je suis sur bloctel", .optOut),
        ("bloc tel", .optOut),
        ("c'est quoi", .question),
        ("combien", .question),
        ("vous êtes qui", .question),
        ("comment vous avez eu mon numéro", .question),
        ("ça m'intéresse", .affirm),
        ("Oui je vous écoute", .affirm),
        ("Oui effectivement", .affirm),
        ("euh ben je sais pas", .unsure),
        ("sait trop cher", .objection),
        ("j ai pas le tant", .objection),
        ("c'est trop chair", .objection),
    ])
    func classifiesBriefExamples(text: String, expected: Intent) {
        #expect(classifier.classify(text).intent == expected, "\(text)")
    }

    @Test func emptyInputIsSilenceAndFillersAreNotUnderstood() {
        #expect(classifier.classify("") == IntentResult(intent: .silence, confidence: 1))
        #expect(classifier.classify("  ... ").intent == .silence)
        #expect(classifier.classify("euh").intent == .notUnderstood)
        #expect(classifier.classify("qsdf lkj").intent == .notUnderstood)
    }

    @Test func confidenceIsBetweenZeroAndOneAndGrowsWithAgreement() {
        let single = classifier.classify("oui").confidence
        let double = classifier.classify("oui d'accord tout à fait").confidence
        #expect(single > 0 && single <= 1)
        #expect(double > single)
        #expect(double <= 1)
    }

    @Test func questionMarkTipsAnAmbiguousAnswerTowardsAQuestion() {
        #expect(classifier.classify("vous êtes bien chez nous ?").intent == .question)
    }

    @Test func repetitionsAndFillersDoNotChangeTheMeaning() {
        #expect(classifier.classify("oui oui oui").intent == classifier.classify("oui").intent)
        #expect(classifier.classify("euh bah non hein").intent == .deny)
    }

    @Test func isDeterministic() {
        let text = "bon ben j'ai déjà un fournisseur"
        #expect(classifier.classify(text) == classifier.classify(text))
    }
}
