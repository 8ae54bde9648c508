import Testing
@testable import MiniBotLanguage

/// `intents_blind3.tsv`: 172 answers written before any of the issue-4 generalisation work,
/// in registers and spellings the training corpus lacks; `intents_blind4.tsv`: 46 more written
/// after that work was frozen. First-run scores are in the file headers; each bar is what the
/// improved classifier reached minus a margin.
@Suite struct IntentBlind3Tests {
    let classifier = IntentClassifier()

    @Test func blind3RowsAreAllBlindAndCoverEveryIntent() throws {
        let rows = try IntentCorpus.bundled(named: "intents_blind3.tsv").rows
        #expect(rows.count >= 150)
        #expect(rows.allSatisfy { $0.split == .blind })
        for intent in Intent.allCases where intent != .silence {
            #expect(rows.contains { $0.intent == intent }, "no blind3 row for \(intent)")
        }
    }

    @Test func blind3Accuracy() throws {
        let accuracy = try Self.measure("intents_blind3.tsv")
        // First run 72.7 %; after the issue-4 work 98.8 % (tuned on it). Bar: reached minus a margin.
        #expect(accuracy >= 0.93)
    }

    /// Written after the changes were frozen: the honest score on unseen phrasing.
    @Test func blind4Accuracy() throws {
        let accuracy = try Self.measure("intents_blind4.tsv")
        // First (and only untuned) run: 91.3 %. Bar: reached minus a margin.
        #expect(accuracy >= 0.85)
    }

    static func measure(_ file: String) throws -> Double {
        let classifier = IntentClassifier()
        let rows = try IntentCorpus.bundled(named: file).rows
        var confusion: [Intent: [Intent: Int]] = [:]
        var errors: [String] = []
        for row in rows {
            let predicted = classifier.classify(row.text).intent
            confusion[row.intent, default: [:]][predicted, default: 0] += 1
            if predicted != row.intent { errors.append("line \(row.line): expected \(row.intent.rawValue), got \(predicted.rawValue): \(row.text)") }
        }
        let accuracy = Double(rows.count - errors.count) / Double(rows.count)
        print("\(file) accuracy: \(String(format: "%.1f", accuracy * 100)) % of \(rows.count)\n\(ConfusionTable.render(confusion))")
        print(errors.joined(separator: "\n"))
        return accuracy
    }
}
