import Foundation

/// Writes `<call>.json` (the ``CallReport`` with its turns) and a readable `<call>.txt`
/// next to the recording.
///
/// ```swift
/// try TranscriptWriter.write(report, json: "/rec/abc.json", text: "/rec/abc.txt")
/// ```
public enum TranscriptWriter {
    public static func write(_ report: CallReport, json: String, text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(report).write(to: URL(fileURLWithPath: json))
        try Data(readable(report).utf8).write(to: URL(fileURLWithPath: text))
    }

    /// `[00:05.200] CALLER (affirm 0.90, simulated): oui` lines, then the outcome.
    public static func readable(_ report: CallReport) -> String {
        var lines = ["Call \(report.callID) — engine \(report.engine)"]
        if let verdict = report.amdVerdict { lines.append("AMD: \(verdict.rawValue) \(report.amdCause ?? "")") }
        for turn in report.turns {
            var who = turn.speaker == .bot ? "BOT" : "CALLER"
            if turn.speaker == .caller {
                var details: [String] = []
                if let intent = turn.intent { details.append(intent + (turn.confidence.map { " " + format($0) } ?? "")) }
                if let sentiment = turn.sentiment { details.append(sentiment.rawValue) }
                if let engine = turn.engine { details.append(engine) }
                if !details.isEmpty { who += " (" + details.joined(separator: ", ") + ")" }
            } else if turn.engine == "interrupted" {
                who += " (interrupted)"
            }
            lines.append("[\(clock(turn.startMs))] \(who): \(turn.text)")
        }
        lines.append("Result: \(report.result.rawValue)\(report.label.map { " (\($0))" } ?? "") — score \(format(report.score))")
        lines.append("Reason: \(report.reason)")
        lines.append("Duration: \(clock(report.durationMs)); barge-ins: \(report.bargeInCount); sentiment: \(report.sentiment.rawValue)")
        return lines.joined(separator: "\n") + "\n"
    }

    static func clock(_ ms: Int) -> String {
        let minutes = ms / 60_000, seconds = (ms / 1_000) % 60, millis = ms % 1_000
        return pad(minutes, 2) + ":" + pad(seconds, 2) + "." + pad(millis, 3)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func format(_ value: Double) -> String { String((value * 100).rounded() / 100) }
}
