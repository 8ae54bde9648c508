import Foundation

/// Where the data lives, parsed from `DATABASE_URL` (SPEC G5): a SQLite file by default
/// (nothing to install), PostgreSQL for production and for several worker machines.
///
/// Accepted spellings: unset or empty → `minibot.sqlite` in the working directory;
/// `sqlite:path`, `sqlite://path` (`sqlite:///abs/path` for an absolute path) or a plain
/// file path → that SQLite file; `sqlite::memory:` → an in-memory SQLite database;
/// `postgres://user:pass@host:port/db` or `postgresql://…`, with optional
/// `?sslmode=disable|allow|prefer` and `connect_timeout=SECONDS`.
///
/// ```swift
/// try DatabaseURL(parsing: "postgres://bot:secret@127.0.0.1:5432/minibot")   // .postgres(…)
/// try DatabaseURL(parsing: nil)                                                // .sqliteFile("minibot.sqlite")
/// ```
public enum DatabaseURL: Hashable, Sendable, CustomStringConvertible {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(PostgresSettings)

    /// The file used when `DATABASE_URL` is unset.
    public static let defaultSQLitePath = "minibot.sqlite"

    /// Connection settings of a `postgres://` URL.
    public struct PostgresSettings: Hashable, Sendable {
        public var host: String
        public var port: Int
        public var username: String
        public var password: String?
        public var database: String
        /// Seconds allowed to connect and authenticate (a wrong password can otherwise hang ~67 s).
        public var connectTimeoutSeconds: Int

        public init(host: String, port: Int = 5432, username: String, password: String?, database: String,
                    connectTimeoutSeconds: Int = 10) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
            self.database = database
            self.connectTimeoutSeconds = connectTimeoutSeconds
        }
    }

    public init(parsing raw: String?) throws(StorageError) {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            self = .sqliteFile(Self.defaultSQLitePath)
            return
        }
        let lower = text.lowercased()
        if lower == "sqlite::memory:" || lower == "sqlite://:memory:" || lower == ":memory:" {
            self = .sqliteMemory
            return
        }
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(try Self.parsePostgres(text))
            return
        }
        if lower.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw StorageError.badURL(text, reason: "the SQLite file path is empty") }
            self = .sqliteFile(path)
            return
        }
        if let colon = text.firstIndex(of: ":"), text[text.startIndex..<colon].allSatisfy(\.isLetter),
           text[colon...].hasPrefix("://") {
            let scheme = text[text.startIndex..<colon]
            throw StorageError.badURL(text, reason: "unsupported scheme '\(scheme)' (use sqlite:PATH or postgres://…)")
        }
        self = .sqliteFile(text)
    }

    /// Reads `DATABASE_URL` from an environment dictionary (pass `ProcessInfo.processInfo.environment`).
    public static func fromEnvironment(_ environment: [String: String]) throws(StorageError) -> DatabaseURL {
        try DatabaseURL(parsing: environment["DATABASE_URL"])
    }

    private static func parsePostgres(_ text: String) throws(StorageError) -> PostgresSettings {
        guard let components = URLComponents(string: text) else {
            throw StorageError.badURL(text, reason: "not a valid URL (percent-encode special characters of the password)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StorageError.badURL(text, reason: "the host is missing (postgres://user:pass@HOST:port/db)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StorageError.badURL(text, reason: "the user name is missing (postgres://USER:pass@host:port/db)")
        }
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        if database.isEmpty { database = user }
        var settings = PostgresSettings(host: host, port: components.port ?? 5432,
                                        username: components.percentEncodedUser?.removingPercentEncoding ?? user,
                                        password: components.percentEncodedPassword?.removingPercentEncoding,
                                        database: database)
        for item in components.queryItems ?? [] {
            switch item.name.lowercased() {
            case "sslmode":
                let mode = (item.value ?? "").lowercased()
                guard ["disable", "allow", "prefer"].contains(mode) else {
                    throw StorageError.badURL(text, reason: "sslmode=\(mode) is not supported yet (use sslmode=disable "
                        + "on a trusted network, or a local TLS tunnel)")
                }
            case "connect_timeout":
                guard let seconds = item.value.flatMap(Int.init), seconds > 0 else {
                    throw StorageError.badURL(text, reason: "connect_timeout must be a positive number of seconds")
                }
                settings.connectTimeoutSeconds = seconds
            case "application_name":
                break
            default:
                throw StorageError.badURL(text, reason: "unknown parameter '\(item.name)'")
            }
        }
        return settings
    }

    /// The URL with its password hidden, for logs and `doctor`.
    public var description: String {
        switch self {
        case .sqliteFile(let path): "sqlite:\(path)"
        case .sqliteMemory: "sqlite::memory:"
        case .postgres(let s): "postgres://\(s.username)\(s.password == nil ? "" : ":***")@\(s.host):\(s.port)/\(s.database)"
        }
    }
}
