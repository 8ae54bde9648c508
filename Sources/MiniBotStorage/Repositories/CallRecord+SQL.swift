import Foundation
import MiniBotDialer

/// Row mapping of `CallRecord` (table `calls`).
extension CallRecord {
    init(row: SQLRow) throws(StorageError) {
        self.init(callID: try row.int("id"), callUUID: try row.parsed("call_uuid", as: CallID.self, CallID.init),
                  campaignID: try row.int("campaign_id"), phone: try row.string("phone"),
                  firstName: try row.string("first_name"), status: try row.enumValue("status", as: CallStatus.self),
                  result: try row.optionalEnum("result", as: CallResult.self),
                  durationSeconds: try row.optionalDouble("duration_seconds"),
                  startedAt: try row.optionalDate("started_at"), answeredAt: try row.optionalDate("answered_at"),
                  endedAt: try row.optionalDate("ended_at"), amdResult: try row.optionalParsed("amd_result", as: AMDVerdict.self, AMDVerdict.init(seedName:)),
                  sentiment: try row.optionalParsed("sentiment", as: Sentiment.self, Sentiment.init(seedName:)), score: try row.optionalDouble("score"),
                  transcriptions: try row.json("transcriptions", as: [String].self),
                  intents: try row.json("intents", as: [String].self), recordingPath: try row.optionalString("recording_path"),
                  notes: try row.string("notes"), retryCount: Int(try row.int("retry_count")),
                  hangupCause: try row.optionalInt("hangup_cause").map(Int.init))
    }

    /// The columns `finish` overwrites, in bind order (after them: updated_at, call_uuid).
    static let finishColumns = ["status", "result", "duration_seconds", "answered_at", "ended_at", "amd_result",
                                "sentiment", "score", "transcriptions", "intents", "recording_path", "notes",
                                "hangup_cause"]

    func finishBinds() throws(StorageError) -> [SQLValue] {
        [.text(status.rawValue), .optionalText(result?.rawValue), .optionalDouble(durationSeconds),
         .optionalDate(answeredAt), .optionalDate(endedAt), .optionalText(amdResult?.seedName),
         .optionalText(sentiment?.seedName), .optionalDouble(score), .text(try JSONText.encode(transcriptions)),
         .text(try JSONText.encode(intents)), .optionalText(recordingPath), .text(notes), .optionalInt(hangupCause)]
    }
}

/// Filters for the calls list (`GET /calls`, `campaign export`). Nil fields do not filter.
///
/// ```swift
/// let page = try await db.calls.calls(filter: CallFilter(campaignID: 1, result: .lead), limit: 50, offset: 0)
/// ```
public struct CallFilter: Hashable, Sendable {
    public var campaignID: Int64?
    public var status: CallStatus?
    public var result: CallResult?
    public var phone: String?
    /// Started at or after.
    public var startedFrom: Date?
    /// Started strictly before.
    public var startedBefore: Date?

    public init(campaignID: Int64? = nil, status: CallStatus? = nil, result: CallResult? = nil, phone: String? = nil,
                startedFrom: Date? = nil, startedBefore: Date? = nil) {
        self.campaignID = campaignID
        self.status = status
        self.result = result
        self.phone = phone
        self.startedFrom = startedFrom
        self.startedBefore = startedBefore
    }

    func whereClause() -> (sql: String, binds: [SQLValue]) {
        var parts: [String] = []
        var binds: [SQLValue] = []
        if let campaignID { parts.append("campaign_id = ?"); binds.append(.int(campaignID)) }
        if let status { parts.append("status = ?"); binds.append(.text(status.rawValue)) }
        if let result { parts.append("result = ?"); binds.append(.text(result.rawValue)) }
        if let phone { parts.append("phone = ?"); binds.append(.text(phone)) }
        if let startedFrom { parts.append("started_at >= ?"); binds.append(.date(startedFrom)) }
        if let startedBefore { parts.append("started_at < ?"); binds.append(.date(startedBefore)) }
        return (parts.isEmpty ? "" : " WHERE " + parts.joined(separator: " AND "), binds)
    }
}
