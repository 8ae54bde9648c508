import Foundation
import Testing
@testable import MiniBotStorage

@Suite("Migrations", .timeLimit(.minutes(1)))
struct MigrationTests {
    @Test("a new database is migrated to the latest version, and reopening changes nothing", arguments: Engine.allCases)
    func migrateAndReopen(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let first = try await test.open()
            #expect(first.schemaVersion == Migration.latestVersion)
            let rows = try await first.executor.query("SELECT version FROM schema_migrations ORDER BY version")
            #expect(try rows.map { try $0.int("version") } == Migration.all.map { Int64($0.version) })
            _ = try await first.campaigns.create(Fixture.campaign())
            try await first.close()

            let second = try await test.open()
            #expect(second.schemaVersion == Migration.latestVersion)
            #expect(try await second.campaigns.campaigns().count == 1)
            try await second.close()
        }
    }

    @Test("a database migrated by a newer minibot is refused with a clear message", arguments: Engine.allCases)
    func newerSchemaRefused(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let future = Migration.latestVersion + 5
            try await db.executor.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                          [.int(future), "from the future", .date(Fixture.now)])
            try await db.close()
            do {
                let reopened = try await test.open()
                try? await reopened.close()
                Issue.record("opened a newer schema")
            } catch let error as StorageError {
                #expect(error == .schemaTooNew(database: future, code: Migration.latestVersion))
                #expect(error.description.contains("upgrade minibot"))
            }
        }
    }

    @Test("a failing migration is rolled back and not recorded", arguments: Engine.allCases)
    func failingMigrationRollsBack(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let db = try await test.open()
            let broken = Migration(version: Migration.latestVersion + 1, name: "broken", statements: [
                "CREATE TABLE half_done (id BIGINT)",
                "THIS IS NOT SQL",
            ])
            await #expect(throws: StorageError.self) {
                try await Migrator(migrations: Migration.all + [broken]).migrate(db.executor, now: Fixture.now,
                                                                                 logger: TestDatabase.logger)
            }
            #expect(try await Migrator(migrations: Migration.all).currentVersion(db.executor) == Migration.latestVersion)
            // The first statement was rolled back with the second (PostgreSQL and SQLite both have transactional DDL).
            await #expect(throws: StorageError.self) { try await db.executor.execute("SELECT * FROM half_done") }
            try await db.close()
        }
    }
}
