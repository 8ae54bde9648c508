import Foundation
import Logging
import MiniBotDialer
import MiniBotStorage

/// `minibot-bench scale-out [contacts=3000]`: N workers (1, 2, 4), each with its own PostgreSQL
/// connection, drain one campaign through the same claim → dial (with the cluster-wide checks:
/// legal rules, campaign cap, calls per minute) → finish path the dispatcher uses, with calls that
/// end at once. Prints dials per second, claim and dial latency (p50/p99), then the cost of one lease
/// renewal for a worker holding 100 live calls. Needs `MINIBOT_BENCH_POSTGRES_URL` (or
/// `MINIBOT_TEST_POSTGRES_URL`), e.g. `eval "$(scripts/postgres-throwaway.sh start)"`.
func scaleOutBenchmark(contacts: Int) async {
    let environment = ProcessInfo.processInfo.environment
    guard let base = environment["MINIBOT_BENCH_POSTGRES_URL"] ?? environment["MINIBOT_TEST_POSTGRES_URL"], !base.isEmpty,
          let url = try? DatabaseURL(parsing: base) else {
        print("scale-out: set MINIBOT_BENCH_POSTGRES_URL (or MINIBOT_TEST_POSTGRES_URL) to a PostgreSQL server")
        return
    }
    var logger = Logger(label: "minibot.bench.scale-out")
    logger.logLevel = .warning
    print("scale-out: \(contacts) contacts per run, calls end at once; one connection per worker")
    for workers in [1, 2, 4] {
        do {
            try await runScaleOut(url: url, workers: workers, contacts: contacts, logger: logger)
        } catch {
            print("  \(workers) worker(s): failed: \(error)")
        }
    }
}

private func runScaleOut(url: DatabaseURL, workers: Int, contacts: Int, logger: Logger) async throws {
    let setup = try await Database.open(url: url, logger: logger)
    // A fresh block of numbers per run (earlier runs' calls would trip the legal frequency cap).
    let block = Int.random(in: 100...999)
    let phones = (0..<min(contacts, 99_999)).map { try! PhoneNumber(parsing: String(format: "07%03d%05d", block, $0)) }
    _ = try await setup.contacts.save(phones.map { Contact(phone: $0, firstName: "B", legalBasis: .contract) })
    var settings = CampaignSettings(maxConcurrentCalls: 1_000, delayBetweenCalls: 0)
    settings.callsPerMinute = 1_000_000
    var campaign = Campaign(id: 0, name: "scale-out bench", scenario: "bench", status: .running, settings: settings)
    campaign.compliance.windows = .always
    campaign.compliance.skipPublicHolidays = false
    campaign = try await setup.campaigns.create(campaign)
    _ = try await setup.campaigns.enqueue(campaignID: campaign.id, phones: phones, priority: 0, at: Date(timeIntervalSince1970: 0))
    let checks = DialChecks(compliance: campaign.compliance, campaignCap: settings.maxConcurrentCalls,
                            callsPerMinute: settings.callsPerMinute)
    let connections = try await withThrowingTaskGroup(of: Database.self) { group in
        for _ in 0..<workers { group.addTask { try await Database.open(url: url, logger: logger) } }
        return try await group.reduce(into: []) { $0.append($1) }
    }
    let start = ContinuousClock.now
    let samples = try await withThrowingTaskGroup(of: (claims: [Double], dials: [Double]).self) { group in
        for (index, db) in connections.enumerated() {
            let campaignID = campaign.id
            group.addTask {
                var claims: [Double] = [], dials: [Double] = []
                let clock = ContinuousClock()
                while true {
                    let now = Date()
                    var batch: [DialCandidate] = []
                    claims.append(try await clock.measure {
                        batch = try await db.calls.claimCandidates(campaignID: campaignID, worker: "bench-\(index)", limit: 10,
                                                                   leaseUntil: now + 30, now: now)
                    }.milliseconds)
                    if batch.isEmpty { break }
                    for candidate in batch {
                        var record: CallRecord?
                        do {
                            dials.append(try await clock.measure {
                                record = try await db.calls.dial(
                                    queueID: candidate.queueID,
                                    call: CallRecord(callID: 0, callUUID: CallID(), campaignID: campaignID,
                                                     phone: candidate.contact.phone.e164, status: .inProgress, startedAt: Date()),
                                    checks: checks)
                            }.milliseconds)
                        } catch is DialRefusal {
                            try await db.calls.release(queueID: candidate.queueID, until: nil, rule: nil)
                        }
                        guard var ended = record else { continue }
                        ended.status = .completed
                        ended.result = .lead
                        ended.endedAt = Date()
                        try await db.calls.finish(call: ended, queueID: candidate.queueID, next: .final)
                    }
                }
                return (claims, dials)
            }
        }
        return try await group.reduce(into: (claims: [Double](), dials: [Double]())) {
            $0.claims += $1.claims
            $0.dials += $1.dials
        }
    }
    let seconds = (ContinuousClock.now - start).seconds
    let placed = try await setup.calls.startedCallCount(campaignID: campaign.id)
    precondition(placed <= phones.count, "dialled \(placed) of \(phones.count): a contact was dialled twice")
    print(String(format: "  %d worker(s): %.0f dials/s (claim+dial+finish), claim p50 %.2f ms p99 %.2f ms, dial p50 %.2f ms p99 %.2f ms",
                 workers, Double(placed) / seconds, percentile(samples.claims, 0.5), percentile(samples.claims, 0.99),
                 percentile(samples.dials, 0.5), percentile(samples.dials, 0.99)))
    if workers == 1 { try await leaseRenewal(setup, campaignID: campaign.id, phones: phones) }
    for db in connections { try await db.close() }
    try await setup.close()
}

/// One worker holding 100 live calls renews its leases: the cost paid every 5 s.
private func leaseRenewal(_ db: Database, campaignID: Int64, phones: [PhoneNumber]) async throws {
    let extra = try await db.campaigns.create(Campaign(id: 0, name: "lease bench", scenario: "bench", status: .running))
    _ = try await db.campaigns.enqueue(campaignID: extra.id, phones: Array(phones.prefix(100)), priority: 0,
                                       at: Date(timeIntervalSince1970: 0))
    let now = Date()
    let batch = try await db.calls.claimCandidates(campaignID: extra.id, worker: "renewer", limit: 100, leaseUntil: now + 30, now: now)
    precondition(batch.count == 100)
    let clock = ContinuousClock()
    var timings: [Double] = []
    for round in 0..<200 {
        timings.append(try await clock.measure {
            _ = try await db.calls.renewLeases(worker: "renewer", until: now + 30 + Double(round))
        }.milliseconds)
    }
    print(String(format: "  lease renewal, 100 entries held: p50 %.2f ms p99 %.2f ms (every 5 s per worker)",
                 percentile(timings, 0.5), percentile(timings, 0.99)))
}

private func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

extension Duration {
    fileprivate var milliseconds: Double { seconds * 1_000 }
    fileprivate var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
