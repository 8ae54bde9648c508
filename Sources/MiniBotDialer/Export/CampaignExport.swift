import Foundation

/// `minibot campaign export`: the CSV file of seed 000 §8 (`campaign_<id>_export.csv`) and
/// its summary text (`campaign_<id>_export_summary.txt`), as bytes/strings; the CLI writes them.
///
/// The CSV is UTF-8 with a BOM (so Excel shows "é" correctly), RFC 4180 quoting, CRLF
/// line ends, `,` by default as in the seed (`;` for French Excel). Times are local
/// "yyyy-MM-dd HH:mm:ss" in the campaign's time zone; transcriptions are joined with " | ".
///
/// ```swift
/// let bytes = CampaignExport.csv(records, timeZone: paris, separator: ";")
/// ```
public enum CampaignExport {
    /// Seed 000 §8 columns, in order.
    public static let columns = [
        "call_id", "call_uuid", "phone", "first_name", "status", "result", "duration_seconds", "started_at",
        "ended_at", "amd_result", "sentiment", "transcriptions", "intents", "audio_file", "notes", "retry_count",
    ]

    public static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    public static func csv(_ records: [CallRecord], timeZone: TimeZone, separator: Character = ",") -> [UInt8] {
        var text = columns.map { quote($0, separator) }.joined(separator: String(separator)) + "\r\n"
        for record in records {
            text += row(record, timeZone: timeZone).map { quote($0, separator) }.joined(separator: String(separator))
            text += "\r\n"
        }
        return byteOrderMark + Array(text.utf8)
    }

    /// The 16 cell values of one record, unquoted.
    public static func row(_ record: CallRecord, timeZone: TimeZone) -> [String] {
        [
            String(record.callID),
            record.callUUID.description,
            record.phone,
            record.firstName,
            record.status.rawValue,
            record.result?.rawValue ?? "",
            record.durationSeconds.map { CampaignMonitorScreen.fixed($0, 1) } ?? "",
            record.startedAt.map { LocalTimeFormat.dateTime($0, in: timeZone) } ?? "",
            record.endedAt.map { LocalTimeFormat.dateTime($0, in: timeZone) } ?? "",
            record.amdResult?.seedName ?? "",
            record.sentiment?.seedName ?? "",
            record.transcriptions.joined(separator: " | "),
            record.intents.joined(separator: "|"),
            record.recordingPath ?? "",
            record.notes,
            String(record.retryCount),
        ]
    }

    /// RFC 4180: quote when the value holds the separator, a quote, CR or LF; double inner quotes.
    /// Values starting with = + - @ are prefixed with ' so spreadsheets do not run them as formulas.
    public static func quote(_ value: String, _ separator: Character) -> String {
        var value = value
        if let first = value.first, "=+-@".contains(first), !(value.count > 1 && value.dropFirst().allSatisfy(\.isNumber)) {
            value = "'" + value
        }
        let needsQuotes = value.contains(separator) || value.contains("\"") || value.contains("\n") || value.contains("\r")
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The summary file: counts per result, rates and sentiment, in plain text.
    public static func summary(campaign: Campaign, records: [CallRecord], totalContacts: Int, now: Date,
                               timeZone: TimeZone) -> String {
        var stats = CampaignStats(campaignID: campaign.id, name: campaign.name, scenario: campaign.scenario,
                                  status: campaign.status, startedAt: campaign.startedAt, totalContacts: totalContacts)
        stats.tally(records)
        let completed = stats.completed
        func percent(_ n: Int, _ of: Int) -> String {
            of > 0 ? CampaignMonitorScreen.fixed(Double(n) * 100 / Double(of), 1) + "%" : "0.0%"
        }
        var lines = [
            "CAMPAIGN EXPORT SUMMARY",
            "Campaign: \(campaign.name) (ID: \(campaign.id))",
            "Scenario: \(campaign.scenario)",
            "Status: \(campaign.status.rawValue)",
            "Started: " + (campaign.startedAt.map { LocalTimeFormat.dateTime($0, in: timeZone) } ?? "-"),
            "Exported: " + LocalTimeFormat.dateTime(now, in: timeZone),
            "",
            "Contacts: \(totalContacts)",
            "Calls: \(records.count) (completed \(completed), in progress \(stats.inProgress))",
            "",
            "Results:",
        ]
        for result in CallResult.allCases {
            let n = stats.count(result)
            lines.append("  " + CampaignMonitorScreen.padRight(result.rawValue + ":", 20)
                + CampaignMonitorScreen.padLeft(String(n), 6) + " (" + percent(n, completed) + ")")
        }
        let sentimentTotal = Sentiment.allCases.reduce(0) { $0 + stats.count($1) }
        lines += [
            "",
            "Conversion rate: " + percent(stats.count(.lead), completed),
            "Average duration: " + CampaignMonitorScreen.fixed(stats.averageDurationSeconds, 1) + "s",
            "Retries: \(records.reduce(0) { $0 + $1.retryCount })",
            "Sentiment: " + Sentiment.allCases.map {
                "\($0.rawValue) \(stats.count($0)) (\(percent(stats.count($0), sentimentTotal)))"
            }.joined(separator: ", "),
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
