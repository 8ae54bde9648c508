import Foundation
import MiniBotDialer

/// One turn of a call's conversation, the row behind transcripts (JSON/TXT exports, the
/// dashboard's transcript view, `GET /calls/{id}/transcript`).
///
/// ```swift
/// CallTurn(callID: 42, index: 0, speaker: .bot, text: "Bonjour, ici Julie…", startMs: 0, endMs: 3200)
/// ```
public struct CallTurn: Hashable, Sendable, Codable {
    public enum Speaker: String, Hashable, Sendable, Codable, CaseIterable { case bot, caller }

    public var callID: Int64
    /// 0-based order within the call.
    public var index: Int
    public var speaker: Speaker
    public var text: String
    /// The intent understood (caller turns) or the scenario step played (bot turns).
    public var intent: String?
    public var confidence: Double?
    public var sentiment: Sentiment?
    /// Offsets from the call's answer, milliseconds.
    public var startMs: Int
    public var endMs: Int

    public init(callID: Int64, index: Int, speaker: Speaker, text: String, intent: String? = nil,
                confidence: Double? = nil, sentiment: Sentiment? = nil, startMs: Int, endMs: Int) {
        self.callID = callID
        self.index = index
        self.speaker = speaker
        self.text = text
        self.intent = intent
        self.confidence = confidence
        self.sentiment = sentiment
        self.startMs = startMs
        self.endMs = endMs
    }
}

/// Transcripts, turn by turn. Why a table and not only a JSON file: the API pages and
/// searches them, and a crash mid-call keeps the turns written so far.
public protocol CallTurnRepository: Sendable {
    /// Stores turns; a turn already stored (same call and index) is replaced.
    func append(_ turns: [CallTurn]) async throws
    /// A call's turns in order.
    func turns(callID: Int64) async throws -> [CallTurn]
}

/// `CallTurnRepository` over SQLite or PostgreSQL.
public struct SQLCallTurnRepository: CallTurnRepository {
    let executor: any SQLExecutor

    public func append(_ turns: [CallTurn]) async throws {
        guard !turns.isEmpty else { return }
        var binds: [SQLValue] = []
        for t in turns {
            binds += [.int(t.callID), .int(t.index), .text(t.speaker.rawValue), .text(t.text), .optionalText(t.intent),
                      .optionalDouble(t.confidence), .optionalText(t.sentiment?.rawValue), .int(t.startMs), .int(t.endMs)]
        }
        try await executor.execute("""
            INSERT INTO call_turns (call_id, turn_index, speaker, text, intent, confidence, sentiment, start_ms, end_ms)
            VALUES \(SQLDialect.valuesList(rows: turns.count, columns: 9))
            ON CONFLICT (call_id, turn_index) DO UPDATE SET speaker = excluded.speaker, text = excluded.text,
                intent = excluded.intent, confidence = excluded.confidence, sentiment = excluded.sentiment,
                start_ms = excluded.start_ms, end_ms = excluded.end_ms
            """, binds)
    }

    public func turns(callID: Int64) async throws -> [CallTurn] {
        try await executor.query("SELECT * FROM call_turns WHERE call_id = ? ORDER BY turn_index", [.int(callID)],
                                 table: "call_turns").map { row throws(StorageError) in
            CallTurn(callID: try row.int("call_id"), index: Int(try row.int("turn_index")),
                     speaker: try row.enumValue("speaker", as: CallTurn.Speaker.self), text: try row.string("text"),
                     intent: try row.optionalString("intent"), confidence: try row.optionalDouble("confidence"),
                     sentiment: try row.optionalEnum("sentiment", as: Sentiment.self),
                     startMs: Int(try row.int("start_ms")), endMs: Int(try row.int("end_ms")))
        }
    }
}
