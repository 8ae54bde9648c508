import MiniBotDialogue
import Testing

@Suite struct CallbackTimeExtractorTests {
    @Test(arguments: [
        ("rappelez-moi demain à 14 h", "demain à 14 h"),
        ("rappelez moi plutôt lundi matin", "lundi matin"),
        ("vous pouvez me rappeler à 18h30", "à 18h30"),
        ("rappelez-moi ce soir.", "ce soir"),
    ])
    func findsTheTime(_ text: String, _ expected: String) {
        #expect(CallbackTimeExtractor.extract(text) == expected)
    }

    @Test func nothingWhenNoTimeIsSaid() {
        #expect(CallbackTimeExtractor.extract("rappelez-moi") == nil)
        #expect(CallbackTimeExtractor.extract("j'ai 3 enfants") == nil)
    }
}
