import Foundation
import MiniBotDialer
import MiniBotStorage

/// A call as the API shows it (seed 002's `calls` rows, snake_case).
struct CallJSON: Encodable {
    var id: Int64
    var callUUID: String
    var campaignID: Int64
    var phoneNumber: String
    var firstName: String
    var status: String
    var result: String?
    var durationSeconds: Double?
    var startedAt: Date?
    var answeredAt: Date?
    var endedAt: Date?
    var amdResult: String?
    var sentiment: String?
    var score: Double?
    var transcriptions: [String]
    var intents: [String]
    var notes: String
    var retryCount: Int
    var hangupCause: Int?
    var recordingURL: String?
    var transcriptURL: String
    /// Engine that heard the caller (`simulated`, `vosk`, `whisper`); only in `GET /calls/{id}`.
    var recognizer: String?
    var turns: [TurnJSON]?

    enum CodingKeys: String, CodingKey {
        case id, callUUID = "call_uuid", campaignID = "campaign_id", phoneNumber = "phone_number", firstName = "first_name"
        case status, result, durationSeconds = "duration_seconds", startedAt = "started_at", answeredAt = "answered_at"
        case endedAt = "ended_at", amdResult = "amd_result", sentiment, score, transcriptions, intents, notes
        case retryCount = "retry_count", hangupCause = "hangup_cause", recordingURL = "recording_url"
        case transcriptURL = "transcript_url", recognizer, turns
    }

    init(_ record: CallRecord, turns: [Turn]? = nil) {
        id = record.callID
        callUUID = record.callUUID.description
        campaignID = record.campaignID
        phoneNumber = record.phone
        firstName = record.firstName
        status = record.status.rawValue
        result = record.result?.rawValue
        durationSeconds = record.durationSeconds
        startedAt = record.startedAt
        answeredAt = record.answeredAt
        endedAt = record.endedAt
        amdResult = record.amdResult?.seedName
        sentiment = record.sentiment?.seedName
        score = record.score
        transcriptions = record.transcriptions
        intents = record.intents
        notes = record.notes
        retryCount = record.retryCount
        hangupCause = record.hangupCause
        recordingURL = (record.recordingPath ?? "").isEmpty ? nil : "/calls/\(record.callID)/recording.wav"
        transcriptURL = "/calls/\(record.callID)/transcript.json"
        self.turns = turns.map { $0.enumerated().map { TurnJSON(index: $0, turn: $1) } }
    }
}

/// One transcript turn (`call_turns`).
struct TurnJSON: Encodable {
    var index: Int
    var speaker: String
    var text: String
    var intent: String?
    var confidence: Double?
    var sentiment: String?
    var startMs: Int
    var endMs: Int

    enum CodingKeys: String, CodingKey {
        case index, speaker, text, intent, confidence, sentiment, startMs = "start_ms", endMs = "end_ms"
    }

    init(index: Int, turn: Turn) {
        self.index = index
        speaker = turn.speaker.rawValue
        text = turn.text
        intent = turn.intent
        confidence = turn.confidence
        sentiment = turn.sentiment?.seedName
        startMs = turn.startMs
        endMs = turn.endMs
    }
}

struct CallPageJSON: Encodable {
    var items: [CallJSON]
    var total: Int
    var page: Int
    var pageSize: Int

    enum CodingKeys: String, CodingKey { case items, total, page, pageSize = "page_size" }
}

/// `POST /calls/launch` body (seed 002).
struct LaunchCallRequest: Decodable {
    var phoneNumber: String
    var scenario: String
    var variables: [String: String]?

    enum CodingKeys: String, CodingKey { case phoneNumber = "phone_number", scenario, variables }
}

struct LaunchCallResponse: Encodable {
    var callUUID: String
    var phoneNumber: String
    var scenario: String
    var status: String

    enum CodingKeys: String, CodingKey { case callUUID = "call_uuid", phoneNumber = "phone_number", scenario, status }
}

/// A transcript built from the stored turns when the call's JSON file is absent.
struct TranscriptJSON: Encodable {
    var callID: Int64
    var callUUID: String
    var result: String?
    var turns: [TurnJSON]

    enum CodingKeys: String, CodingKey { case callID = "call_id", callUUID = "call_uuid", result, turns }
}
