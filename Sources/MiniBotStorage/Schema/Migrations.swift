import Foundation

/// One versioned schema change, written once with tokens expanded per engine.
///
/// Tokens: `{{pk}}` → an auto-increment 64-bit primary key. Every other type is portable:
/// BIGINT (instants as epoch milliseconds, counters, 0/1 flags), DOUBLE PRECISION, TEXT
/// (JSON included). Statements are idempotent (`IF NOT EXISTS`) so a half-applied
/// migration from a crashed older build can be re-run.
///
/// ```swift
/// Migration.all.last?.version   // the code's schema version
/// ```
struct Migration: Sendable {
    let version: Int
    let name: String
    let statements: [String]

    func sql(for dialect: SQLDialect) -> [String] {
        let pk = dialect.engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGSERIAL PRIMARY KEY"
        return statements.map { $0.replacingOccurrences(of: "{{pk}}", with: pk) }
    }

    /// In order; never edit a released migration, append a new one.
    static let all: [Migration] = [
        Migration(version: 1, name: "initial schema", statements: [
            """
            CREATE TABLE IF NOT EXISTS contacts (
                id {{pk}},
                phone TEXT NOT NULL UNIQUE,
                first_name TEXT NOT NULL DEFAULT '',
                last_name TEXT NOT NULL DEFAULT '',
                company TEXT NOT NULL DEFAULT '',
                email TEXT NOT NULL DEFAULT '',
                notes TEXT NOT NULL DEFAULT '',
                variables TEXT NOT NULL DEFAULT '{}',
                legal_basis_kind TEXT,
                consent_date TEXT,
                consent_source TEXT,
                source_line BIGINT NOT NULL DEFAULT 0,
                status TEXT NOT NULL DEFAULT 'new',
                attempts BIGINT NOT NULL DEFAULT 0,
                last_attempt_at BIGINT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL
            )
            """,
            "CREATE INDEX IF NOT EXISTS contacts_status ON contacts (status, id)",
            """
            CREATE TABLE IF NOT EXISTS campaigns (
                id {{pk}},
                name TEXT NOT NULL,
                scenario TEXT NOT NULL,
                status TEXT NOT NULL,
                settings TEXT NOT NULL,
                compliance TEXT NOT NULL,
                retry TEXT NOT NULL,
                created_at BIGINT,
                started_at BIGINT,
                ended_at BIGINT,
                running_since BIGINT,
                running_ms BIGINT NOT NULL DEFAULT 0,
                updated_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS queue (
                id {{pk}},
                campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
                phone TEXT NOT NULL,
                priority BIGINT NOT NULL DEFAULT 0,
                due_at BIGINT,
                state TEXT NOT NULL DEFAULT 'queued',
                worker TEXT,
                lease_until BIGINT,
                retries BIGINT NOT NULL DEFAULT 0,
                attempts BIGINT NOT NULL DEFAULT 0,
                call_id BIGINT,
                last_rule TEXT,
                enqueued_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (campaign_id, phone)
            )
            """,
            "CREATE INDEX IF NOT EXISTS queue_claim ON queue (campaign_id, state, priority, due_at)",
            "CREATE INDEX IF NOT EXISTS queue_lease ON queue (state, lease_until)",
            """
            CREATE TABLE IF NOT EXISTS calls (
                id {{pk}},
                call_uuid TEXT NOT NULL UNIQUE,
                campaign_id BIGINT NOT NULL,
                queue_id BIGINT,
                attempt BIGINT NOT NULL DEFAULT 1,
                phone TEXT NOT NULL,
                first_name TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL,
                result TEXT,
                duration_seconds DOUBLE PRECISION,
                started_at BIGINT,
                answered_at BIGINT,
                ended_at BIGINT,
                amd_result TEXT,
                sentiment TEXT,
                score DOUBLE PRECISION,
                transcriptions TEXT NOT NULL DEFAULT '[]',
                intents TEXT NOT NULL DEFAULT '[]',
                recording_path TEXT,
                transcript_path TEXT,
                notes TEXT NOT NULL DEFAULT '',
                retry_count BIGINT NOT NULL DEFAULT 0,
                hangup_cause BIGINT,
                hangup_reason TEXT,
                worker TEXT,
                created_at BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                UNIQUE (queue_id, attempt)
            )
            """,
            "CREATE INDEX IF NOT EXISTS calls_campaign ON calls (campaign_id, id)",
            "CREATE INDEX IF NOT EXISTS calls_phone ON calls (phone, started_at)",
            "CREATE INDEX IF NOT EXISTS calls_status ON calls (status)",
            """
            CREATE TABLE IF NOT EXISTS call_turns (
                call_id BIGINT NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
                turn_index BIGINT NOT NULL,
                speaker TEXT NOT NULL,
                text TEXT NOT NULL,
                intent TEXT,
                confidence DOUBLE PRECISION,
                sentiment TEXT,
                start_ms BIGINT NOT NULL,
                end_ms BIGINT NOT NULL,
                PRIMARY KEY (call_id, turn_index)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS opt_outs (
                phone TEXT PRIMARY KEY,
                added_at BIGINT NOT NULL,
                source TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS opposition_list (
                phone TEXT PRIMARY KEY,
                imported_at BIGINT NOT NULL
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS compliance_log (
                id {{pk}},
                at BIGINT NOT NULL,
                campaign_id BIGINT NOT NULL,
                phone TEXT NOT NULL,
                allowed BIGINT NOT NULL,
                rule TEXT,
                reason TEXT,
                next_allowed BIGINT
            )
            """,
            "CREATE INDEX IF NOT EXISTS compliance_log_campaign ON compliance_log (campaign_id, at)",
        ]),
        Migration(version: 2, name: "workers and cluster-wide dial checks", statements: [
            """
            CREATE TABLE IF NOT EXISTS workers (
                id TEXT PRIMARY KEY,
                host TEXT NOT NULL,
                pid BIGINT NOT NULL,
                role TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                heartbeat_at BIGINT NOT NULL,
                live_calls BIGINT NOT NULL DEFAULT 0,
                stopped_at BIGINT
            )
            """,
            "CREATE INDEX IF NOT EXISTS queue_worker ON queue (worker, state)",
            "CREATE INDEX IF NOT EXISTS calls_campaign_started ON calls (campaign_id, started_at)",
            "CREATE INDEX IF NOT EXISTS calls_phone_status ON calls (phone, status)",
        ]),
    ]

    static var latestVersion: Int { all.last?.version ?? 0 }
}
