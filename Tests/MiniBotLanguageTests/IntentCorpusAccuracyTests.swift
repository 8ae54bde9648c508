import Testing
@testable import MiniBotLanguage

/// Accuracy of the classifier on the committed corpus. The `test` split was fixed before the
/// lexicon was written (per-intent position mod 10 ∈ {1,4,7}) and is never used for tuning.
@Suite struct IntentCorpusAccuracyTests {
    let classifier = IntentClassifier()

    func evaluate(_ split: IntentCorpus.Split) throws -> (accuracy: Double, table: String, errors: [String]) {
        let corpus = try IntentCorpus.bundled()
        let rows = corpus.rows.filter { $0.split == split }
        var confusion: [Intent: [Intent: Int]] = [:]
        var errors: [String] = []
        var correct = 0
        for row in rows {
            let predicted = classifier.classify(row.text).intent
            confusion[row.intent, default: [:]][predicted, default: 0] += 1
            if predicted == row.intent { correct += 1 } else {
                errors.append("line \(row.line): expected \(row.intent.rawValue), got \(predicted.rawValue): \(row.text)")
            }
        }
        let accuracy = rows.isEmpty ? 0 : Double(correct) / Double(rows.count)
        return (accuracy, ConfusionTable.render(confusion), errors)
    }

    @Test func trainSplitIsClassified() throws {
        let result = try evaluate(.train)
        print("TRAIN accuracy \(result.accuracy)\n" + result.errors.joined(separator: "\n"))
        #expect(result.accuracy >= 0.9)
    }

    @Test func heldOutTestSplitReachesNinetyPercent() throws {
        let result = try evaluate(.test)
        print("TEST split accuracy: \(String(format: "%.1f", result.accuracy * 100)) %\n\(result.table)")
        print(result.errors.joined(separator: "\n"))
        #expect(result.accuracy >= 0.9)
    }

    /// Rows written after the lexicon was frozen (blind: first run; blind2: after the fixes blind
    /// prompted). The 80 % bar was set before either first run.
    @Test(arguments: ["intents_blind.tsv", "intents_blind2.tsv"])
    func blindRowsWrittenAfterTheLexiconWasFrozen(file: String) throws {
        let url = try #require(LanguageResources.url("corpus/" + file))
        let rows = try IntentCorpus(tsv: String(contentsOf: url, encoding: .utf8), file: file).rows
        var confusion: [Intent: [Intent: Int]] = [:]
        var errors: [String] = []
        for row in rows {
            let predicted = classifier.classify(row.text).intent
            confusion[row.intent, default: [:]][predicted, default: 0] += 1
            if predicted != row.intent { errors.append("expected \(row.intent.rawValue), got \(predicted.rawValue): \(row.text)") }
        }
        let accuracy = Double(rows.count - errors.count) / Double(rows.count)
        print("\(file) accuracy: \(String(format: "%.1f", accuracy * 100)) % of \(rows.count)\n\(ConfusionTable.render(confusion))")
        print(errors.joined(separator: "\n"))
        #expect(accuracy >= 0.8)
    }

    @Test func corpusIsBigEnoughAndThirtyPercentHeldOut() throws {
        let corpus = try IntentCorpus.bundled()
        let test = corpus.rows.filter { $0.split == .test }.count
        #expect(corpus.rows.count >= 300)
        let share = Double(test) / Double(corpus.rows.count)
        #expect(share > 0.27 && share < 0.33)
        for intent in Intent.allCases {
            #expect(corpus.rows.contains { $0.intent == intent && $0.split == .test }, "no test row for \(intent)")
        }
    }
}

/// Renders a confusion table: rows are expected intents, columns predictions.
enum ConfusionTable {
    static func render(_ confusion: [Intent: [Intent: Int]]) -> String {
        let intents = Intent.allCases
        let short = intents.map { String($0.rawValue.prefix(6)) }
        var lines = ["expected\\got  " + short.map { $0.padding(toLength: 7, withPad: " ", startingAt: 0) }.joined() + " recall"]
        for intent in intents {
            let row = confusion[intent] ?? [:]
            let total = row.values.reduce(0, +)
            guard total > 0 else { continue }
            let cells = intents.map { String(row[$0] ?? 0).padding(toLength: 7, withPad: " ", startingAt: 0) }.joined()
            let recall = Double(row[intent] ?? 0) / Double(total) * 100
            lines.append(intent.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0) + cells + String(format: " %5.1f%%", recall))
        }
        return lines.joined(separator: "\n")
    }
}
