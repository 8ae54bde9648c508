import Testing
import MiniBotLanguage

@Suite struct SentimentAnalyzerTests {
    let analyzer = SentimentAnalyzer()

    @Test(arguments: [
        ("c'est super merci beaucoup", Sentiment.positive),
        ("avec plaisir c'est très intéressant", .positive),
        ("pas mal du tout", .positive),
        ("c'est une arnaque", .negative),
        ("arrêtez de me harceler j'en ai marre", .negative),
        ("je suis pas content", .negative),
        ("ma box ne marche pas", .negative),
        ("non merci", .neutral),
        ("je suis locataire", .neutral),
        ("", .neutral),
    ])
    func labelsUtterances(text: String, expected: Sentiment) {
        let result = analyzer.analyze(text)
        #expect(result.sentiment == expected, "\(text): \(result.score)")
        #expect(result.score >= -1 && result.score <= 1)
    }

    @Test func intensifierStrengthensAndNegationFlips() {
        #expect(analyzer.analyze("très intéressant").score > analyzer.analyze("intéressant").score)
        #expect(analyzer.analyze("pas intéressant").score < 0)
    }

    @Test func callAggregateWeighsTheEndAndStrongNegatives() {
        let positive = analyzer.analyze("super")
        let neutral = analyzer.analyze("je suis locataire")
        let hostile = analyzer.analyze("arnaqueurs foutez-moi la paix")
        #expect(analyzer.aggregate([]).sentiment == .neutral)
        #expect(analyzer.aggregate([neutral, positive, positive]).sentiment == .positive)
        #expect(analyzer.aggregate([positive, positive, hostile]).sentiment == .negative)
        // The same utterances weigh more at the end of the call than at its start.
        let endsWell = analyzer.aggregate([neutral, neutral, positive]).score
        let startsWell = analyzer.aggregate([positive, neutral, neutral]).score
        #expect(endsWell > startsWell)
    }
}
