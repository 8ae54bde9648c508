import Foundation
import Testing
import MiniBotLanguage

@Suite struct NLUPipelineTests {
    static let pipeline = try! NLUPipeline()

    @Test func objectionInsideAYesIsReportedWithItsEntry() throws {
        let result = Self.pipeline.analyze("oui mais c'est trop cher vos taux", themes: ["finance"])
        #expect(result.intent == "objection")
        #expect(result.confidence > 0.5)
        let objection = try #require(result.objection)
        #expect(objection.id == "fin_trop_cher" && objection.theme == "finance" && objection.category == "price")
        #expect(result.sentiment == .negative || result.sentiment == .neutral)
    }

    @Test func jsonHasExactlyTheFiveKeysEvenWithoutObjection() throws {
        for text in ["oui d'accord", "c'est trop cher"] {
            let data = try JSONEncoder().encode(Self.pipeline.analyze(text, themes: ["energie"]))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(Set(object.keys) == ["text", "intent", "confidence", "objection", "sentiment"])
        }
        let plain = try JSONEncoder().encode(Self.pipeline.analyze("oui d'accord", themes: []))
        #expect(String(decoding: plain, as: UTF8.self).contains(#""objection":null"#))
    }

    @Test func resultRoundTripsThroughJSON() throws {
        let result = Self.pipeline.analyze("ne m'appelez plus", themes: ["crypto"])
        #expect(result.intent == "opt_out")
        let decoded = try JSONDecoder().decode(NLUResult.self, from: JSONEncoder().encode(result))
        #expect(decoded == result)
    }

    @Test func silenceHasNoObjection() {
        let result = Self.pipeline.analyze("", themes: ["finance"])
        #expect(result.intent == "silence" && result.objection == nil && result.sentiment == .neutral)
    }

    @Test func pipelineAgreesWithStandaloneClassifier() throws {
        let classifier = IntentClassifier()
        for row in try IntentCorpus.bundled().rows.prefix(200) {
            #expect(Self.pipeline.analyze(row.text, themes: []).intent == classifier.classify(row.text).intent.rawValue)
        }
    }
}
