import Foundation
import Logging
import MiniBotDialer
@testable import MiniBotStorage

/// The engines every storage test runs against.
enum Engine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }
}

/// A fresh, empty database per test: a temporary SQLite file, or a new database on the
/// throwaway PostgreSQL named by MINIBOT_TEST_POSTGRES_URL (scripts/postgres-throwaway.sh).
/// PostgreSQL variants are skipped, with a message, when that variable is unset.
struct TestDatabase: Sendable {
    let engine: Engine
    let url: DatabaseURL
    let cleanup: @Sendable () async -> Void

    static let logger: Logger = {
        var logger = Logger(label: "minibot.storage.tests")
        logger.logLevel = .warning
        return logger
    }()
    static let postgresVariable = "MINIBOT_TEST_POSTGRES_URL"

    /// Runs `body` with a fresh database URL; returns without running it when the engine is unavailable.
    static func with(_ engine: Engine, _ body: (TestDatabase) async throws -> Void) async throws {
        guard let test = try await make(engine) else { return }
        do {
            try await body(test)
        } catch {
            await test.cleanup()
            throw error
        }
        await test.cleanup()
    }

    func open(clock: @escaping @Sendable () -> Date = { Date() }) async throws -> Database {
        try await Database.open(url: url, logger: Self.logger, clock: clock)
    }

    static func make(_ engine: Engine) async throws -> TestDatabase? {
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-storage-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let path = dir.appendingPathComponent("test.sqlite").path
            return TestDatabase(engine: engine, url: .sqliteFile(path)) {
                try? FileManager.default.removeItem(at: dir)
            }
        case .postgres:
            guard let base = ProcessInfo.processInfo.environment[postgresVariable], !base.isEmpty else {
                print("⚠️ PostgreSQL variant skipped: \(postgresVariable) is unset "
                      + "(eval \"$(scripts/postgres-throwaway.sh start)\" to run it)")
                return nil
            }
            guard case .postgres(var settings) = try DatabaseURL(parsing: base) else {
                throw StorageError.badURL(base, reason: "\(postgresVariable) must be a postgres:// URL")
            }
            settings.connectTimeoutSeconds = min(settings.connectTimeoutSeconds, 5)
            let admin = try await PostgresExecutor.connect(settings, logger: logger)
            let name = "minibot_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await admin.execute("CREATE DATABASE \(name)")
            try? await admin.close()
            var testSettings = settings
            testSettings.database = name
            let adminSettings = settings
            return TestDatabase(engine: engine, url: .postgres(testSettings)) {
                guard let admin = try? await PostgresExecutor.connect(adminSettings, logger: logger) else { return }
                try? await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                try? await admin.close()
            }
        }
    }
}

/// A fixed instant and helpers so tests never read the wall clock for business time.
enum Fixture {
    /// Tuesday 2026-11-17 11:00 Paris (10:00 UTC): inside the French calling window.
    static let now = Date(timeIntervalSince1970: 1_763_373_600)

    static func phone(_ n: Int) -> PhoneNumber {
        // 06 10 00 00 00 + n: valid French mobiles.
        let digits = String(format: "%08d", 10_000_000 + n)
        return try! PhoneNumber(parsing: "06" + digits)
    }

    static func contact(_ n: Int, firstName: String = "", status _: String = "") -> Contact {
        Contact(phone: phone(n), firstName: firstName.isEmpty ? "Prénom\(n)" : firstName, lastName: "Nom\(n)",
                legalBasis: .contract, sourceLine: n + 2)
    }

    static func campaign(maxRetries: Int = 2, status: CampaignStatus = .running) -> Campaign {
        Campaign(id: 0, name: "Test Novembre", scenario: "rdv_energie", status: status,
                 retry: RetryPolicy(maxRetries: maxRetries))
    }

    static let uuid1 = CallID(UUID(uuidString: "5F0C3D6E-8A1B-4C2D-9E3F-0A1B2C3D4E51")!)

    static func call(uuid: CallID = CallID(), campaignID: Int64, phone: PhoneNumber, at: Date) -> CallRecord {
        CallRecord(callID: 0, callUUID: uuid, campaignID: campaignID, phone: phone.e164, status: .inProgress,
                   startedAt: at)
    }
}
