import Testing
@testable import MiniBotLanguage

@Suite struct FrenchNormalizerTests {
    let normalizer = FrenchNormalizer()

    func tokens(_ text: String) -> [String] { normalizer.normalize(text).tokens }

    @Test func lowercasesStripsAccentsAndPunctuation() {
        #expect(tokens("Ça COÛTE combien, à peu près ?!") == ["ca", "coute", "combien", "a", "peu", "pres"])
        #expect(tokens("œuvre Æ") == ["oeuvre", "ae"])
    }

    @Test func apostrophesAndMissingApostrophesGiveTheSameTokens() {
        #expect(tokens("j'ai") == tokens("j ai"))
        #expect(tokens("jai") == tokens("j’ai"))
        #expect(tokens("c'est") == tokens("cest"))
        #expect(tokens("qu'est-ce que") == tokens("qu est ce que"))
        #expect(tokens("ça m'intéresse") == tokens("ca minteresse"))
    }

    @Test func fillersAreDroppedButMeaningfulBonIsKept() {
        #expect(tokens("euh ben oui hein") == ["oui"])
        #expect(tokens("bon ben d'accord") == ["d", "accord"])
        #expect(tokens("c'est bon") == ["c", "est", "bon"])
    }

    @Test func repeatedWordsCollapseButDigitsAndVousDoNot() {
        #expect(tokens("oui oui oui") == ["oui"])
        #expect(tokens("06 66 66") == ["06", "66", "66"])
        #expect(tokens("vous vous appelez") == ["vous", "vous", "appelez"])
    }

    @Test func homophonesAreRepairedOnlyInContext() {
        #expect(tokens("sait trop cher") == ["c", "est", "trop", "cher"])
        #expect(tokens("on sait jamais") == ["on", "sait", "jamais"])
        #expect(tokens("trop chair") == ["trop", "cher"])
        #expect(tokens("pas le tant") == ["pas", "le", "temps"])
        #expect(tokens("tant pis") == ["tant", "pis"])
        #expect(tokens("sa m interesse") == ["ca", "m", "interesse"])
    }

    @Test func lettersAndDigitsAreSplit() {
        #expect(tokens("14h30") == ["14", "h", "30"])
    }

    @Test func emptyAndPunctuationOnlyHaveNoContent() {
        #expect(normalizer.normalize("").hadContent == false)
        #expect(normalizer.normalize(" ... ?").hadContent == false)
        let filler = normalizer.normalize("euh")
        #expect(filler.hadContent && filler.tokens.isEmpty)
    }
}

@Suite struct FrenchNumberWordsTests {
    let normalizer = FrenchNormalizer()

    @Test(arguments: [
        ("quatorze heures", "14 heures"),
        ("vingt et un", "21"),
        ("vingt-deux", "22"),
        ("soixante-dix-huit", "78"),
        ("soixante et onze", "71"),
        ("quatre-vingts", "80"),
        ("quatre-vingt-dix-neuf", "99"),
        ("dix-sept", "17"),
        ("cent douze", "112"),
        ("deux cent trente", "230"),
        ("deux mille vingt-quatre", "2024"),
        ("zéro six douze trente-quatre", "0 6 12 34"),
        ("dans une heure", "dans 1 heure"),
        ("j'ai un crédit", "j ai un credit"),
        ("cinquante pour cent", "50 pour cent"),
    ])
    func convertsNumberWords(text: String, expected: String) {
        #expect(normalizer.normalize(text).text == expected)
    }

    @Test func conversionCanBeTurnedOff() {
        let plain = FrenchNormalizer(options: .init(convertNumbers: false))
        #expect(plain.normalize("vingt et un").tokens == ["vingt", "et", "un"])
    }
}

@Suite struct FrenchPhoneticsTests {
    @Test func soundAlikeWordsShareAKey() {
        #expect(FrenchPhonetics.key("chair") == FrenchPhonetics.key("cher"))
        #expect(FrenchPhonetics.key("tant") == FrenchPhonetics.key("temps"))
        #expect(FrenchPhonetics.key("arnak") == FrenchPhonetics.key("arnaque"))
        #expect(FrenchPhonetics.key("bateau") == FrenchPhonetics.key("bato"))
        #expect(FrenchPhonetics.key("prix") != FrenchPhonetics.key("banque"))
    }

    @Test func editDistanceIsBounded() {
        #expect(FrenchPhonetics.editDistance(Array("arnaque".utf8), Array("arnaques".utf8), limit: 2) == 1)
        #expect(FrenchPhonetics.editDistance(Array("chat".utf8), Array("chien".utf8), limit: 1) == 2)
        #expect(FrenchPhonetics.editDistance(Array("".utf8), Array("abc".utf8), limit: 5) == 3)
    }
}
