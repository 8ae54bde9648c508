import ArgumentParser
import Foundation
import Logging
import MiniBotStorage

/// `--database URL`, else `DATABASE_URL`, else `minibot.sqlite` in the current folder.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database"), help: "Database URL (sqlite:path, postgres://…); default $DATABASE_URL, else minibot.sqlite.")
    var url: String?

    func open(logger: Logger = CLILogging.logger) async throws -> Database {
        let parsed: DatabaseURL
        do {
            if let url {
                parsed = try DatabaseURL(parsing: url)
            } else {
                parsed = try DatabaseURL.fromEnvironment(ProcessInfo.processInfo.environment)
            }
        } catch {
            throw CLIError("\(error)")
        }
        do {
            return try await Database.open(url: parsed, logger: logger)
        } catch {
            throw CLIError("cannot open the database (\(parsed)): \(error)")
        }
    }
}

/// Runs `body` with an open database and always closes it.
func withDatabase<T>(_ options: DatabaseOptions, _ body: (Database) async throws -> T) async throws -> T {
    let database = try await options.open()
    do {
        let result = try await body(database)
        try? await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}

enum CLILogging {
    /// Warnings and errors on stderr; `LOG_LEVEL` raises or lowers it.
    static let logger: Logger = {
        var logger = Logger(label: "minibot")
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) }
        logger.logLevel = level ?? .warning
        return logger
    }()
}

/// Output helpers shared by commands that print JSON.
enum JSONOutput {
    static func line<T: Encodable>(_ value: T, pretty: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
