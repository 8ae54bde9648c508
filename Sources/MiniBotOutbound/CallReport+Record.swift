import Foundation
import MiniBotCalls
import MiniBotDialer
import MiniBotLanguage

/// Turns what the call runner observed into the dialer's per-call record (SPEC F6).
extension CallRecord {
    mutating func apply(_ report: CallReport, answeredAt: Date?, endedAt: Date) {
        result = CallResult(rawValue: report.result.rawValue) ?? .failed
        status = result == .failed ? .failed : .completed
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        durationSeconds = Double(report.durationMs) / 1_000
        score = report.score
        switch report.amdVerdict {
        case "HUMAN": amdResult = .human
        case "MACHINE": amdResult = .machine
        case .some: amdResult = .unknown
        case .none: amdResult = nil
        }
        switch report.sentiment {
        case .positive: sentiment = .positive
        case .negative: sentiment = .negative
        case .neutral: sentiment = .neutral
        }
        let callerTurns = report.turns.filter { $0.speaker == .caller }
        transcriptions = callerTurns.map(\.text)
        intents = callerTurns.compactMap(\.intent)
        recordingPath = report.recording?.wav
        notes = report.reason
        hangupCause = 16
    }
}
