import Foundation
import MiniBotCallModel
import Testing

@Suite struct CallIDTests {
    @Test func roundTripsThroughItsLowerCaseSpelling() throws {
        let id = CallID()
        #expect(id.description == id.uuid.uuidString.lowercased())
        #expect(CallID(id.description) == id)
        #expect(CallID(id.description.uppercased()) == id)
    }

    @Test func refusesTextThatIsNotAUUID() {
        #expect(CallID("not-a-uuid") == nil)
        #expect(CallID("") == nil)
    }

    @Test func decodingAMalformedIDIsAnErrorNotAFreshID() throws {
        let data = Data(#"["a5d8"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([CallID].self, from: data) }
        let good = CallID()
        let encoded = try JSONEncoder().encode([good])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"\(good.description)\"]")
        #expect(try JSONDecoder().decode([CallID].self, from: encoded) == [good])
    }
}

@Suite struct Q850CauseTests {
    @Test func namesAndCodesAreOneTable() {
        #expect(Q850Cause(code: 19).name == "NO_ANSWER")
        #expect(Q850Cause(name: "user_busy")?.code == 17)
        #expect(Q850Cause(name: "NOT_A_CAUSE") == nil)
        #expect(Q850Cause(code: 999).name == "CAUSE_999")
        for code in [1, 16, 17, 18, 19, 21, 487, 604] {
            let cause = Q850Cause(code: code)
            #expect(Q850Cause(name: cause.name)?.code == code)
        }
    }

    @Test(arguments: [
        (17, false, CallResult?.some(.busy)), (17, true, .some(.busy)), (21, false, .some(.busy)),
        (19, false, .some(.noAnswer)), (19, true, nil), (16, false, .some(.noAnswer)), (16, true, nil),
        (487, false, .some(.noAnswer)), (1, false, .some(.invalidNumber)), (28, true, .some(.invalidNumber)),
        (34, false, .some(.failed)), (34, true, nil), (999, false, .some(.failed)),
    ])
    func mapsToTheResultACallCentreExpects(code: Int, answered: Bool, expected: CallResult?) {
        #expect(Q850Cause(code: code).result(answered: answered) == expected)
    }
}

@Suite struct VocabularySpellingTests {
    @Test func sentimentReadsBothSpellings() {
        for sentiment in Sentiment.allCases {
            #expect(Sentiment(seedName: sentiment.seedName) == sentiment)
            #expect(Sentiment(seedName: sentiment.rawValue) == sentiment)
        }
        #expect(Sentiment.positive.seedName == "POSITIVE")
        #expect(Sentiment(seedName: "happy") == nil)
    }

    @Test func amdVerdictParsesEveryPBXWordAndStoresSeedValues() {
        #expect(AMDVerdict(status: "person") == .human)
        #expect(AMDVerdict(status: "NOT_SURE") == .notSure)
        #expect(AMDVerdict(status: "hangup") == .hangup)
        #expect(AMDVerdict(status: "maybe") == nil)
        #expect(AMDVerdict.notSure.seedName == "UNKNOWN")
        #expect(AMDVerdict.hangup.seedName == "UNKNOWN")
        #expect(AMDVerdict(seedName: "UNKNOWN") == .notSure)
        for verdict in [AMDVerdict.human, .machine] { #expect(AMDVerdict(seedName: verdict.seedName) == verdict) }
    }

    @Test func callResultWordsAreTheStoredSpelling() {
        for result in CallResult.allCases { #expect(CallResult(word: result.rawValue) == result) }
        #expect(CallResult(word: "completed") == nil)
    }

    @Test func turnEncodesTheTranscriptKeys() throws {
        let turn = Turn(speaker: .caller, text: "oui", intent: "affirm", sentiment: .positive, startMs: 5, endMs: 9)
        let json = String(decoding: try JSONEncoder().encode(turn), as: UTF8.self)
        #expect(json.contains(#""who":"caller""#))
        #expect(json.contains(#""start_ms":5"#))
        #expect(try JSONDecoder().decode(Turn.self, from: Data(json.utf8)) == turn)
    }
}
