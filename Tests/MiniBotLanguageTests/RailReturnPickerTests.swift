import Testing
import MiniBotLanguage

@Suite struct RailReturnPickerTests {
    @Test func thereAreAtLeastThirtySixDistinctClosedQuestions() {
        let questions = RailReturnQuestions.all
        #expect(questions.count >= 36)
        #expect(Set(questions).count == questions.count)
        #expect(questions.allSatisfy { $0.hasSuffix("?") })
    }

    @Test(arguments: [UInt64(1), 42, 7_777, 123_456_789])
    func neverRepeatsTheLastQuestion(seed: UInt64) {
        var picker = RailReturnPicker()
        var generator = SplitMix64(seed: seed)
        var previous: String?
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let question = picker.next(using: &generator)
            #expect(question != nil)
            #expect(question != previous)
            previous = question
            if let question { seen.insert(question) }
        }
        #expect(seen.count == RailReturnQuestions.all.count) // every question gets used
    }

    @Test func sameSeedGivesSameSequence() {
        var a = RailReturnPicker(), b = RailReturnPicker()
        var ga = SplitMix64(seed: 9), gb = SplitMix64(seed: 9)
        let first = (0..<20).map { _ in a.next(using: &ga) }
        let second = (0..<20).map { _ in b.next(using: &gb) }
        #expect(first == second)
    }

    @Test func explicitChoiceAlwaysAvoidsTheRecentOnes() {
        var picker = RailReturnPicker(questions: ["A ?", "B ?"], memory: 5)
        let first = picker.next(choosing: 0)
        let second = picker.next(choosing: 0)
        let third = picker.next(choosing: -7)
        #expect(first == "A ?" && second == "B ?" && third == "A ?")
        var empty = RailReturnPicker(questions: [])
        #expect(empty.next(choosing: 3) == nil)
    }
}
