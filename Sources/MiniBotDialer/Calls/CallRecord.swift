import Foundation

/// Everything kept about one call (SPEC F6), the row behind exports, the API and the dashboard.
///
/// ```swift
/// var record = CallRecord(callID: 42, callUUID: CallID(), campaignID: 1, phone: "+33612345678")
/// record.result = .lead
/// ```
public struct CallRecord: Hashable, Sendable, Codable {
    public var callID: Int64
    public var callUUID: CallID
    public var campaignID: Int64
    /// E.164.
    public var phone: String
    public var firstName: String
    public var status: CallStatus
    public var result: CallResult?
    public var durationSeconds: Double?
    public var startedAt: Date?
    public var answeredAt: Date?
    public var endedAt: Date?
    public var amdResult: AMDVerdict?
    public var sentiment: Sentiment?
    public var score: Double?
    /// Caller utterances in order (exported joined with " | ").
    public var transcriptions: [String]
    public var intents: [String]
    public var recordingPath: String?
    public var notes: String
    public var retryCount: Int
    public var hangupCause: Int?

    public init(callID: Int64, callUUID: CallID, campaignID: Int64, phone: String, firstName: String = "",
                status: CallStatus = .pending, result: CallResult? = nil, durationSeconds: Double? = nil,
                startedAt: Date? = nil, answeredAt: Date? = nil, endedAt: Date? = nil, amdResult: AMDVerdict? = nil,
                sentiment: Sentiment? = nil, score: Double? = nil, transcriptions: [String] = [], intents: [String] = [],
                recordingPath: String? = nil, notes: String = "", retryCount: Int = 0, hangupCause: Int? = nil) {
        self.callID = callID
        self.callUUID = callUUID
        self.campaignID = campaignID
        self.phone = phone
        self.firstName = firstName
        self.status = status
        self.result = result
        self.durationSeconds = durationSeconds
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.amdResult = amdResult
        self.sentiment = sentiment
        self.score = score
        self.transcriptions = transcriptions
        self.intents = intents
        self.recordingPath = recordingPath
        self.notes = notes
        self.retryCount = retryCount
        self.hangupCause = hangupCause
    }
}

/// Where a call is in its life (seed 000 exports these upper-case).
public enum CallStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pending = "PENDING"
    case inProgress = "IN_PROGRESS"
    case completed = "COMPLETED"
    case failed = "FAILED"
}
