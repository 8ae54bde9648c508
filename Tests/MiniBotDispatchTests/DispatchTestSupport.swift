import Foundation
import Logging
import MiniBotDialer
import MiniBotDispatch
import MiniBotStorage
import Synchronization

/// Virtual time: the dispatcher's sleeps advance it instantly, so retries due in 30 minutes
/// are reached in microseconds and no test waits for the wall clock.
final class VirtualClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    func now() -> Date { current.withLock { $0 } }

    func advance(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        current.withLock { $0 = $0.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18) }
    }
}

/// Answers each call from a table keyed by the phone's last digit, and remembers every dial.
final class ScriptedPlacer: CallPlacer {
    let results: [Character: CallResult]
    let clock: VirtualClock
    private let placed = Mutex<[String]>([])

    init(results: [Character: CallResult], clock: VirtualClock) {
        self.results = results
        self.clock = clock
    }

    var dials: [String] { placed.withLock { $0 } }

    func place(_ candidate: DialCandidate, call: CallRecord, campaign: Campaign) async -> PlacedCall {
        placed.withLock { $0.append(call.phone) }
        await Task.yield()
        var record = call
        let result = results[call.phone.last ?? "0"] ?? .lead
        record.result = result
        record.status = result == .failed ? .failed : .completed
        record.answeredAt = [.lead, .notInterested, .callback, .optOut].contains(result) ? call.startedAt : nil
        record.endedAt = clock.now().addingTimeInterval(20)
        record.durationSeconds = 20
        return PlacedCall(record: record, optedOut: result == .optOut)
    }
}

enum DispatchFixture {
    /// Tuesday 2026-11-24 10:30 Europe/Paris (09:30 UTC), inside the calling window.
    static let start: Date = {
        var components = DateComponents(year: 2026, month: 11, day: 24, hour: 9, minute: 30)
        components.timeZone = TimeZone(identifier: "UTC")
        return Calendar(identifier: .gregorian).date(from: components)!
    }()

    static let logger: Logger = {
        var logger = Logger(label: "minibot.dispatch.tests")
        logger.logLevel = .critical
        return logger
    }()

    /// A database URL per engine; PostgreSQL only when the test command started one.
    static func url(_ engine: String) throws -> DatabaseURL? {
        switch engine {
        case "sqlite":
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-dispatch-\(UUID().uuidString).sqlite").path
            return .sqliteFile(path)
        default:
            guard let raw = ProcessInfo.processInfo.environment["MINIBOT_TEST_POSTGRES_URL"], !raw.isEmpty else {
                print("⚠️ PostgreSQL variant skipped: MINIBOT_TEST_POSTGRES_URL is unset")
                return nil
            }
            return try DatabaseURL(parsing: raw)
        }
    }

    /// Phones unique per test run (PostgreSQL tests share one database).
    static func phones(count: Int, block: Int) -> [PhoneNumber] {
        let base = 10_000_000 + (block % 9_000) * 1_000
        return (0..<count).map { try! PhoneNumber(parsing: "07" + String(format: "%08d", base + $0)) }
    }

    static func environment(_ database: Database, placer: any CallPlacer, clock: VirtualClock) -> DispatchEnvironment {
        DispatchEnvironment(contacts: database.contacts, campaigns: database.campaigns, calls: database.calls,
                            optOuts: database.optOuts, complianceLog: database.complianceLog, placer: placer,
                            now: { clock.now() }, sleep: { duration in clock.advance(duration); await Task.yield() },
                            logger: logger)
    }
}
