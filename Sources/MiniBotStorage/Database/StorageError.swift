import Foundation

/// Everything the storage layer can refuse, with the reason an operator can act on.
///
/// ```swift
/// do { _ = try DatabaseURL(parsing: "mysql://x") } catch { print(error) }
/// // DATABASE_URL 'mysql://x': unsupported scheme 'mysql' (use sqlite:PATH or postgres://…)
/// ```
public enum StorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `DATABASE_URL` could not be understood.
    case badURL(String, reason: String)
    /// The database could not be opened or reached.
    case connectionFailed(String, reason: String)
    /// The database was migrated by a newer MiniBotPanel.
    case schemaTooNew(database: Int, code: Int)
    /// A migration failed (it was rolled back).
    case migrationFailed(version: Int, name: String, reason: String)
    /// A stored value is not what the code expects (table.column, value, why).
    case corruptValue(table: String, column: String, value: String, reason: String)
    /// A query failed; the SQL's first words and the driver's message.
    case queryFailed(sql: String, reason: String)
    /// The queue entry is no longer held by this worker (lease expired, recovered, or already dialled).
    case claimLost(queueID: Int64)
    /// The campaign's status changed under us (another writer won).
    case statusConflict(campaignID: Int64, expected: String, actual: String?)
    case notFound(String)
    case closed

    public var description: String {
        switch self {
        case .badURL(let url, let reason):
            "DATABASE_URL '\(Self.redacted(url))': \(reason)"
        case .connectionFailed(let target, let reason):
            "cannot open the database \(target) (DATABASE_URL): \(reason)"
        case .schemaTooNew(let database, let code):
            "the database schema is version \(database) but this minibot only knows up to \(code): "
                + "upgrade minibot (never run an older binary against a newer database)"
        case .migrationFailed(let version, let name, let reason):
            "migration \(version) (\(name)) failed and was rolled back: \(reason)"
        case .corruptValue(let table, let column, let value, let reason):
            "stored value \(table).\(column) = '\(value)' is invalid: \(reason)"
        case .queryFailed(let sql, let reason):
            "query failed (\(sql.prefix(80))…): \(reason)"
        case .claimLost(let queueID):
            "queue entry \(queueID) is no longer claimed by this worker (lease expired or recovered); not dialling it"
        case .statusConflict(let id, let expected, let actual):
            "campaign \(id) is \(actual ?? "gone"), not \(expected): another writer changed it first"
        case .notFound(let what):
            "\(what) not found"
        case .closed:
            "the database is closed"
        }
    }

    static func redacted(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"),
              let colon = url[scheme.upperBound..<at].firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
