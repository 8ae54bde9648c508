import Foundation
import Logging
import NIOCore
import PostgresNIO

/// `SQLExecutor` over one PostgresNIO connection.
///
/// Connecting is bounded by the URL's `connect_timeout` (default 10 s): a wrong password
/// or an unreachable server fails with a clear error instead of hanging ~67 s.
///
/// ```swift
/// let executor = try await PostgresExecutor.connect(settings, logger: logger)
/// ```
final class PostgresExecutor: SQLExecutor {
    let dialect = SQLDialect.postgres
    private let connection: PostgresConnection
    private let lock = AsyncLock()
    private let logger: Logger
    private let settings: DatabaseURL.PostgresSettings

    private init(connection: PostgresConnection, settings: DatabaseURL.PostgresSettings, logger: Logger) {
        self.connection = connection
        self.settings = settings
        self.logger = logger
    }

    static func connect(_ settings: DatabaseURL.PostgresSettings, logger: Logger) async throws -> PostgresExecutor {
        var configuration = PostgresConnection.Configuration(host: settings.host, port: settings.port,
                                                             username: settings.username, password: settings.password,
                                                             database: settings.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(Int64(settings.connectTimeoutSeconds))
        let config = configuration
        let target = DatabaseURL.postgres(settings).description
        let timeout = settings.connectTimeoutSeconds
        do {
            let connection = try await withThrowingTaskGroup(of: PostgresConnection?.self) { group in
                group.addTask {
                    try await PostgresConnection.connect(configuration: config, id: 1, logger: logger)
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(timeout))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let connection = first else {
                    throw StorageError.connectionFailed(target, reason: "no answer within \(timeout) s "
                        + "(is the server up? is the password right? try pg_isready)")
                }
                return connection
            }
            return PostgresExecutor(connection: connection, settings: settings, logger: logger)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.connectionFailed(target, reason: String(reflecting: error))
        }
    }

    func query(_ sql: String, _ binds: [SQLValue], table: String) async throws -> [SQLRow] {
        try await lock.withLock { try await Self.run(connection, sql, binds, table: table, logger: logger) }
    }

    func transaction<T: Sendable>(_ body: @Sendable (any SQLQuerying) async throws -> T) async throws -> T {
        try await lock.withLock {
            let scope = Scope(connection: connection, logger: logger)
            try await Self.run(connection, "BEGIN", [], table: "?", logger: logger)
            do {
                let value = try await body(scope)
                try await Self.run(connection, "COMMIT", [], table: "?", logger: logger)
                return value
            } catch {
                do {
                    try await Self.run(connection, "ROLLBACK", [], table: "?", logger: logger)
                } catch let rollbackError {
                    logger.warning("rollback failed", metadata: ["error": "\(rollbackError)"])
                }
                throw error
            }
        }
    }

    func close() async throws {
        try await lock.withLock { try await connection.close() }
    }

    /// On a connection of its own: a `LISTEN` sent on the shared one could land inside another
    /// task's open transaction and be undone by its rollback.
    func listen(_ channel: String, onMessage: @escaping @Sendable (String) -> Void) async throws {
        let listener = try await Self.connect(settings, logger: logger)
        do {
            try await listener.connection.listen(on: channel) { notifications in
                for try await notification in notifications { onMessage(notification.payload) }
            }
        } catch {
            try? await listener.connection.close()
            throw error
        }
        try? await listener.connection.close()
    }

    private struct Scope: SQLQuerying {
        let connection: PostgresConnection
        let logger: Logger
        var dialect: SQLDialect { .postgres }
        func query(_ sql: String, _ binds: [SQLValue], table: String) async throws -> [SQLRow] {
            try await PostgresExecutor.run(connection, sql, binds, table: table, logger: logger)
        }
    }

    @discardableResult
    static func run(_ connection: PostgresConnection, _ sql: String, _ binds: [SQLValue], table: String,
                    logger: Logger) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for bind in binds {
            switch bind {
            case .int(let v): bindings.append(v)
            case .double(let d): bindings.append(d)
            case .text(let t): bindings.append(t)
            case .null: bindings.appendNull()
            }
        }
        let query = PostgresQuery(unsafeSQL: binds.isEmpty ? sql : SQLDialect.numbered(sql), binds: bindings)
        do {
            var rows: [SQLRow] = []
            for try await row in try await connection.query(query, logger: logger) {
                var columns: [String: SQLValue] = [:]
                for cell in row {
                    columns[cell.columnName] = try decode(cell)
                }
                rows.append(SQLRow(table: table, columns: columns))
            }
            return rows
        } catch let error as PSQLError {
            let message = error.serverInfo?[.message] ?? String(reflecting: error.code)
            throw StorageError.queryFailed(sql: sql, reason: message)
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError.queryFailed(sql: sql, reason: String(reflecting: error))
        }
    }

    private static func decode(_ cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int8, .int4, .int2: return .int(try cell.decode(Int64.self))
        case .float8, .float4: return .double(try cell.decode(Double.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        case .numeric:
            let decimal = try cell.decode(Decimal.self)
            return .double(NSDecimalNumber(decimal: decimal).doubleValue)
        default: return .text(try cell.decode(String.self))
        }
    }
}
