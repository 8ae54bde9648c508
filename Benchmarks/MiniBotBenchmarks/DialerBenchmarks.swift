import Foundation
import MiniBotDialer

/// Dialer benchmarks: contacts import at the SPEC's 1M-row scale, phone normalisation,
/// one compliance decision, and the planner's overhead per dial (target < 1 ms).
/// `swift run -c release minibot-bench dialer`
func dialerBenchmarks() -> [BenchmarkCase] {
    // Built on first use so other suites' runs do not pay for a 60 MB file.
    final class Lazy<T> {
        private var value: T?
        private let make: () -> T
        init(_ make: @escaping () -> T) { self.make = make }
        func get() -> T {
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
    let millionRows = Lazy { dialerSampleCSV(rows: 1_000_000) }
    let phoneSamples = (0..<1_000).map { i -> String in
        let n = 10_000_000 + i * 7_919
        switch i % 4 {
        case 0: return "06 \(n / 1_000_000 % 100) \(n / 10_000 % 100) \(n / 100 % 100) \(n % 100)"
        case 1: return "+33 (0)7\(n)"
        case 2: return "0033 6\(n)"
        default: return "33612\(n % 1_000_000)"
        }
    }
    let rules = ComplianceRules(policy: .france)
    let openNow = Date(timeIntervalSince1970: 1_795_510_800) // Tuesday 2026-11-24 10:00 Paris
    let contact = Contact(phone: (try? PhoneNumber(parsing: "0612345678")) ?? (try! PhoneNumber(e164: "+33612345678")),
                          legalBasis: .consent(on: CalendarDay(year: 2026, month: 1, day: 15), source: "web"))
    let history = ContactHistory(attempts: [
        CallAttempt(at: openNow.addingTimeInterval(-5 * 86_400), result: .noAnswer),
        CallAttempt(at: openNow.addingTimeInterval(-3 * 86_400), result: .busy),
    ])
    let campaign = Campaign(id: 1, name: "bench", scenario: "s", status: .running,
                            settings: CampaignSettings(maxConcurrentCalls: 100, delayBetweenCalls: 0))
    let planner = DispatchPlanner(campaign: campaign)
    let candidates = (0..<100).map { i in
        DialCandidate(queueID: Int64(i), contact: contact, history: history, priority: i % 3)
    }

    return [
        .throughput("dialer import 1M rows", units: 1_000_000, unit: "row") {
            let result = try? ContactImporter().importContacts(from: millionRows.get())
            blackHole(result?.report.imported)
        },
        .throughput("dialer phone normalise", units: phoneSamples.count, unit: "number") {
            for text in phoneSamples { blackHole(try? PhoneNumber(parsing: text)) }
        },
        .latency("dialer compliance evaluate (open window)") {
            blackHole(rules.evaluate(contact: contact, history: history, now: openNow))
        },
        .latency("dialer compliance evaluate (Saturday)") {
            blackHole(rules.evaluate(contact: contact, history: history, now: openNow.addingTimeInterval(4 * 86_400)))
        },
        .throughput("dialer planner per dial (100 candidates)", units: 100, unit: "dial") {
            var pacer = CallPacer(callsPerMinute: nil)
            let plan = planner.plan(activeCalls: 0, callsStarted: 0, candidates: candidates, pacer: &pacer, now: openNow)
            blackHole(plan.dial.count)
        },
    ]
}

/// A realistic French contacts file: `;`-separated UTF-8, accented names, mixed phone
/// spellings, a quoted notes field with a separator inside, ~1% duplicates and ~1% bad numbers.
func dialerSampleCSV(rows: Int) -> [UInt8] {
    var text = "téléphone;prénom;nom;société;email;notes;ville;legal_basis;consent_date\n"
    text.reserveCapacity(rows * 110)
    let firstNames = ["Jean", "Hélène", "Zoé", "François", "Marie", "Anaïs", "Loïc", "Cédric"]
    let cities = ["Paris", "Lyon", "Besançon", "Nîmes", "Orléans"]
    for i in 0..<rows {
        let n = i % 100 == 99 ? i - 1 : i // duplicate of the previous row
        let digits = String(10_000_000 + n)
        let phone: String
        switch i % 4 {
        case 0: phone = "06 " + digits.enumerated().map { "\($1)" + ($0 % 2 == 1 ? " " : "") }.joined()
        case 1: phone = "+33 7" + digits
        case 2: phone = "00336" + digits
        default: phone = "06." + digits
        }
        let shownPhone = i % 100 == 50 ? "06 12 AB" : phone
        let first = firstNames[i % firstNames.count]
        text += "\(shownPhone);\(first);Dupont-\(i % 977);Société \(i % 313);\(first.lowercased())\(i)@exemple.fr;"
        text += "\"rappeler; après 18h\";\(cities[i % cities.count]);consentement;01/03/2026\n"
    }
    return Array(text.utf8)
}
