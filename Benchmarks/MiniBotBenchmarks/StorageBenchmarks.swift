import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage

// Storage benchmarks (SPEC: "1 million rows in under 30 s into SQLite"; SPEC F3 per-dial
// overhead). The storage API is async; the harness is synchronous, so each body blocks
// on a semaphore while the work runs on the concurrency pool (`blockingAwait`).
//
//   swift run -c release minibot-bench storage

func storageBenchmarks() -> [BenchmarkCase] {
    let importFixture = StorageBenchImport()
    let dialFixture = StorageBenchDial()
    return [
        // One unit = one contact; each run imports 1 000 000 contacts into a new SQLite file
        // and prints its wall time (the harness repeats it, so expect a few minutes).
        .throughput("storage import 1M contacts sqlite", units: StorageBenchImport.count, unit: "contact") {
            importFixture.run()
        },
        // One unit = one dial: claim (batch of 10) + markDialling + finish, on a SQLite file
        // with 20 000 queued contacts; finished entries are re-queued so the queue never drains.
        .throughput("storage claim+finish per dial sqlite", units: StorageBenchDial.batch, unit: "dial") {
            dialFixture.run()
        },
    ]
}

/// Runs async work from the synchronous harness and waits for it.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> T {
    let box = StorageBenchBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    switch box.result {
    case .success(let value): return value
    case .failure(let error): fatalError("storage benchmark failed: \(error)")
    case nil: fatalError("storage benchmark produced nothing")
    }
}

/// Hands a result from the task back to the blocked caller (the semaphore orders the accesses).
final class StorageBenchBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

private let benchLogger: Logger = {
    var logger = Logger(label: "minibot.bench.storage")
    logger.logLevel = .warning
    return logger
}()

private func benchPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("minibot-bench-\(name)-\(UUID().uuidString).sqlite").path
}

private func removeSQLite(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

/// 1M contacts shaped like an import (names, company, one variable, a legal basis), built once.
final class StorageBenchImport: @unchecked Sendable {
    static let count = 1_000_000
    private lazy var contacts: [Contact] = Self.makeContacts()

    private static func makeContacts() -> [Contact] {
        (0..<count).map { i in
        let digits = String(10_000_000 + i)
        // Force-unwrap is safe: generated numbers are valid French mobiles by construction.
        let phone = try! PhoneNumber(parsing: "06" + digits)
        return Contact(phone: phone, firstName: "Prénom\(i % 997)", lastName: "Nom\(i % 1_009)",
                       company: i % 3 == 0 ? "Société \(i % 101)" : "", email: "contact\(i)@example.fr",
                       variables: ["ville": "Ville\(i % 50)"],
                       legalBasis: i % 2 == 0 ? .contract : .consent(on: CalendarDay(year: 2026, month: 3, day: 1),
                                                                     source: "salon"),
                       sourceLine: i + 2)
        }
    }

    func run() {
        let contacts = self.contacts
        let path = benchPath("import")
        let start = ContinuousClock.now
        let summary = blockingAwait {
            let db = try await Database.open(url: .sqliteFile(path), logger: benchLogger)
            let summary = try await db.contacts.save(contacts)
            try await db.close()
            return summary
        }
        let elapsed = ContinuousClock.now - start
        precondition(summary.inserted == Self.count, "imported \(summary.inserted)")
        print("  storage import 1M contacts sqlite: wall time \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))")
        removeSQLite(path)
    }
}

/// A SQLite database with a running campaign and 20 000 queued contacts, opened on first use.
final class StorageBenchDial: @unchecked Sendable {
    static let batch = 10
    static let queued = 20_000
    private var state: (db: Database, campaignID: Int64)?
    private var tick = 0
    private let start = Date(timeIntervalSince1970: 1_763_373_600)

    private func setUp() -> (db: Database, campaignID: Int64) {
        if let state { return state }
        let path = benchPath("dial")
        let made = blockingAwait {
            let db = try await Database.open(url: .sqliteFile(path), logger: benchLogger)
            let phones = (0..<Self.queued).map { try! PhoneNumber(parsing: "06" + String(20_000_000 + $0)) }
            _ = try await db.contacts.save(phones.map { Contact(phone: $0, firstName: "A", legalBasis: .contract) })
            let campaign = try await db.campaigns.create(Campaign(id: 0, name: "bench", scenario: "bench",
                                                                  status: .running))
            _ = try await db.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0,
                                               at: Date(timeIntervalSince1970: 0))
            return (db, campaign.id)
        }
        state = made
        return made
    }

    func run() {
        let (db, campaignID) = setUp()
        tick += 1
        let now = start.addingTimeInterval(Double(tick))
        let dialled = blockingAwait {
            let batch = try await db.calls.claimCandidates(campaignID: campaignID, worker: "bench", limit: Self.batch,
                                                           leaseUntil: now + 60, now: now)
            for candidate in batch {
                var record = try await db.calls.dial(
                    queueID: candidate.queueID,
                    call: CallRecord(callID: 0, callUUID: CallID(), campaignID: campaignID,
                                     phone: candidate.contact.phone.e164, status: .inProgress, startedAt: now))
                record.status = .completed
                record.result = .noAnswer
                record.endedAt = now
                try await db.calls.finish(call: record, queueID: candidate.queueID,
                                          next: .callback(at: Date(timeIntervalSince1970: 0)))
            }
            return batch.count
        }
        precondition(dialled == Self.batch, "queue drained: \(dialled)")
    }
}
