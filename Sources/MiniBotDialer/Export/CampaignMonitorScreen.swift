import Foundation

/// The `minibot campaign monitor` screen of seed 000 §7.1, column for column, as one
/// string (the CLI clears the terminal and prints it every refresh).
///
/// ```swift
/// print(CampaignMonitorScreen.render(stats, now: now, timeZone: paris))
/// ```
public enum CampaignMonitorScreen {
    static let heavyRule = String(repeating: "═", count: 60)
    static let lightRule = String(repeating: "─", count: 60)

    public static func render(_ stats: CampaignStats, now: Date, timeZone: TimeZone) -> String {
        var lines: [String] = [
            heavyRule,
            "📊 CAMPAIGN MONITOR: \(stats.name) (ID: \(stats.campaignID))",
            heavyRule,
            "Status: " + padRight(stats.status.rawValue, 16) + "| Scenario: \(stats.scenario)",
            "Started: " + (stats.startedAt.map { LocalTimeFormat.dateTime($0, in: timeZone) } ?? "-"),
            lightRule,
            "",
            "📈 PROGRESS:",
            row("Total contacts:", stats.totalContacts),
            row("Completed:", stats.completed, percentOf: stats.totalContacts),
            row("In progress:", stats.inProgress),
            row("Pending:", stats.pending),
            "",
            "🎯 RESULTS:",
            row("Leads:", stats.count(.lead), percentOf: stats.completed),
            row("Not interested:", stats.count(.notInterested)),
            row("Callbacks:", stats.count(.callback)),
            row("No answer:", stats.count(.noAnswer)),
            row("Answering machines:", stats.count(.answeringMachine)),
            row("Failed:", stats.count(.failed)),
            "",
            "⚡ PERFORMANCE:",
            label("Avg duration:") + padLeft(fixed(stats.averageDurationSeconds, 1), 6) + "s",
            label("Conversion rate:") + padLeft(fixed(stats.conversionRate, 1), 6) + "%",
            label("Calls/min:") + padLeft(fixed(stats.callsPerMinute, 2), 7),
            label("Campaign duration:") + padLeft(duration(stats.runningSeconds), 8),
            "",
            "💭 SENTIMENT:",
        ]
        let sentimentTotal = Sentiment.allCases.reduce(0) { $0 + stats.count($1) }
        lines.append(row("Positive:", stats.count(.positive), percentOf: sentimentTotal))
        lines.append(row("Neutral:", stats.count(.neutral), percentOf: sentimentTotal))
        lines.append(row("Negative:", stats.count(.negative), percentOf: sentimentTotal))
        lines += ["", heavyRule, "Last update: " + LocalTimeFormat.time(now, in: timeZone),
                  "Press Ctrl+C to stop monitoring", heavyRule]
        return lines.joined(separator: "\n") + "\n"
    }

    static func label(_ text: String) -> String { padRight("  " + text, 22) }

    static func row(_ text: String, _ value: Int, percentOf total: Int? = nil) -> String {
        var line = label(text) + padLeft(String(value), 6)
        if let total {
            let percent = total > 0 ? Double(value) * 100 / Double(total) : 0
            line += " (" + padLeft(fixed(percent, 1), 5) + "%)"
        }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        let minutes = Int(max(0, seconds) / 60)
        let m = minutes % 60
        return "\(minutes / 60)h " + (m < 10 ? "0\(m)" : "\(m)") + "m"
    }

    /// Fixed-point text without Foundation's locale-dependent `String(format:)`.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled.isFinite, scaled < 1e15 else { return value.isNaN ? "nan" : "inf" }
        let integer = Int(scaled)
        let divisor = Int(scale)
        let whole = integer / divisor, fraction = integer % divisor
        var text = (value < 0 && integer != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return text
    }

    static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
