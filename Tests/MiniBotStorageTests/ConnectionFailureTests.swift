import Foundation
import Testing
@testable import MiniBotStorage

/// A broken PostgreSQL must fail fast with a clear error, never hang (STACK-NOTES pitfall).
@Suite("Connection failures", .timeLimit(.minutes(1)))
struct ConnectionFailureTests {
    @Test("a wrong password or a closed port fails within the connect timeout, naming DATABASE_URL")
    func failsFast() async throws {
        guard let base = ProcessInfo.processInfo.environment[TestDatabase.postgresVariable],
              case .postgres(var settings) = try DatabaseURL(parsing: base) else {
            print("⚠️ PostgreSQL variant skipped: \(TestDatabase.postgresVariable) is unset")
            return
        }
        settings.connectTimeoutSeconds = 3
        var wrongPassword = settings
        wrongPassword.password = "not-the-password"
        var closedPort = settings
        closedPort.port = 1 // nothing listens on tcpmux
        for target in [wrongPassword, closedPort] {
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let db = try await Database.open(url: .postgres(target), logger: TestDatabase.logger)
                try? await db.close()
                Issue.record("connected with \(target)")
            } catch let error as StorageError {
                #expect(error.description.contains("DATABASE_URL"))
                #expect(!error.description.contains("not-the-password"))
            }
            #expect(clock.now - start < .seconds(10))
        }
    }

    @Test("a SQLite path in a missing directory is a clear error")
    func badSQLitePath() async {
        await #expect(throws: StorageError.self) {
            _ = try await Database.open(url: .sqliteFile("/nonexistent-dir-\(UUID().uuidString)/x.sqlite"),
                                        logger: TestDatabase.logger)
        }
    }
}
