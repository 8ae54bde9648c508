import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotLanguage

/// Turns what the call runner observed into the dialer's per-call record (SPEC F6).
extension CallRecord {
    mutating func apply(_ report: CallReport, answeredAt: Date?, endedAt: Date) {
        result = report.result
        status = result == .failed ? .failed : .completed
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        durationSeconds = Double(report.durationMs) / 1_000
        score = report.score
        amdResult = report.amdVerdict
        sentiment = report.sentiment
        let callerTurns = report.turns.filter { $0.speaker == .caller }
        transcriptions = callerTurns.map(\.text)
        intents = callerTurns.compactMap(\.intent)
        recordingPath = report.recording?.wav
        notes = report.reason
        hangupCause = Q850Cause.normalClearing.code
    }
}
