import Foundation
import MiniBotDialer

/// Transcripts, turn by turn. Why a table and not only a JSON file: the API pages and
/// searches them, and a crash mid-call keeps the turns written so far.
public protocol CallTurnRepository: Sendable {
    /// Stores a call's turns, numbered in order from `firstIndex`; a turn already stored at the
    /// same index is replaced (the runner re-sends the whole transcript as it grows).
    func append(_ turns: [Turn], callID: Int64, firstIndex: Int) async throws
    /// A call's turns in order.
    func turns(callID: Int64) async throws -> [Turn]
}

/// `CallTurnRepository` over SQLite or PostgreSQL.
public struct SQLCallTurnRepository: CallTurnRepository {
    let executor: any SQLExecutor

    public func append(_ turns: [Turn], callID: Int64, firstIndex: Int = 0) async throws {
        guard !turns.isEmpty else { return }
        var binds: [SQLValue] = []
        for (offset, t) in turns.enumerated() {
            binds += [.int(callID), .int(Int64(firstIndex + offset)), .text(t.speaker.rawValue), .text(t.text),
                      .optionalText(t.intent), .optionalDouble(t.confidence), .optionalText(t.sentiment?.seedName),
                      .int(Int64(t.startMs)), .int(Int64(t.endMs))]
        }
        try await executor.execute("""
            INSERT INTO call_turns (call_id, turn_index, speaker, text, intent, confidence, sentiment, start_ms, end_ms)
            VALUES \(SQLDialect.valuesList(rows: turns.count, columns: 9))
            ON CONFLICT (call_id, turn_index) DO UPDATE SET speaker = excluded.speaker, text = excluded.text,
                intent = excluded.intent, confidence = excluded.confidence, sentiment = excluded.sentiment,
                start_ms = excluded.start_ms, end_ms = excluded.end_ms
            """, binds)
    }

    public func turns(callID: Int64) async throws -> [Turn] {
        try await executor.query("SELECT * FROM call_turns WHERE call_id = ? ORDER BY turn_index", [.int(callID)],
                                 table: "call_turns").map { row throws(StorageError) in
            Turn(speaker: try row.enumValue("speaker", as: Turn.Speaker.self), text: try row.string("text"),
                 intent: try row.optionalString("intent"), confidence: try row.optionalDouble("confidence"),
                 sentiment: try row.optionalParsed("sentiment", as: Sentiment.self, Sentiment.init(seedName:)),
                 startMs: Int(try row.int("start_ms")), endMs: Int(try row.int("end_ms")))
        }
    }
}
