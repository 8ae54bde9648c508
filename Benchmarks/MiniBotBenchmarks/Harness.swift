import Foundation

/// A small benchmark harness: whole-process timing is `farm-bench`'s job; this one times
/// hot functions in-process and prints medians (never means), so numbers in notes come
/// from one reproducible command: `swift run -c release minibot-bench [filter]`.
///
/// Two kinds of cases:
/// - `throughput`: `body` does `units` units of work (e.g. 50 frames); the harness repeats
///   it until a sample lasts ≥ 20 ms and reports the median time per unit and units/s.
/// - `latency`: `body` is one operation timed alone, many times; median and p99 reported.
struct BenchmarkCase {
    enum Kind { case throughput, latency }

    let name: String
    let kind: Kind
    /// Units of work done by one call of `body` (throughput cases).
    let units: Int
    /// What a unit is, for the printout ("frame", "utterance", "sample"…).
    let unitName: String
    let body: () -> Void

    static func throughput(_ name: String, units: Int, unit: String, _ body: @escaping () -> Void) -> BenchmarkCase {
        BenchmarkCase(name: name, kind: .throughput, units: units, unitName: unit, body: body)
    }

    static func latency(_ name: String, unit: String = "op", _ body: @escaping () -> Void) -> BenchmarkCase {
        BenchmarkCase(name: name, kind: .latency, units: 1, unitName: unit, body: body)
    }
}

/// Keeps a value alive so the optimiser cannot delete the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}

struct BenchmarkRunner {
    var samples = 15
    var latencyIterations = 20_000

    func run(_ cases: [BenchmarkCase]) {
        for benchmark in cases {
            switch benchmark.kind {
            case .throughput: runThroughput(benchmark)
            case .latency: runLatency(benchmark)
            }
        }
    }

    private func runThroughput(_ benchmark: BenchmarkCase) {
        let clock = ContinuousClock()
        benchmark.body() // warm-up
        var repeats = 1
        while true {
            let elapsed = clock.measure { for _ in 0..<repeats { benchmark.body() } }
            if elapsed >= .milliseconds(20) || repeats >= 1 << 20 { break }
            repeats *= 2
        }
        var perUnitNs: [Double] = []
        for _ in 0..<samples {
            let elapsed = clock.measure { for _ in 0..<repeats { benchmark.body() } }
            perUnitNs.append(nanoseconds(elapsed) / Double(repeats * benchmark.units))
        }
        let median = Self.percentile(perUnitNs, 0.5)
        let perSecond = 1e9 / median
        print(pad(benchmark.name, 44) + "median " + format(ns: median) + "/\(benchmark.unitName)   "
            + String(format: "%.0f", perSecond) + " \(benchmark.unitName)s/s/core")
    }

    private func runLatency(_ benchmark: BenchmarkCase) {
        let clock = ContinuousClock()
        for _ in 0..<min(1_000, latencyIterations) { benchmark.body() }
        var timings: [Double] = []
        timings.reserveCapacity(latencyIterations)
        for _ in 0..<latencyIterations {
            timings.append(nanoseconds(clock.measure { benchmark.body() }))
        }
        let median = Self.percentile(timings, 0.5)
        let p99 = Self.percentile(timings, 0.99)
        print(pad(benchmark.name, 44) + "median " + format(ns: median) + "  p99 " + format(ns: p99)
            + "  per \(benchmark.unitName)")
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        let index = min(sorted.count - 1, max(0, Int((Double(sorted.count - 1) * p).rounded())))
        return sorted[index]
    }

    private func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }

    private func format(ns: Double) -> String {
        if ns >= 1e6 { return String(format: "%9.3f ms", ns / 1e6) }
        if ns >= 1e3 { return String(format: "%9.3f µs", ns / 1e3) }
        return String(format: "%9.1f ns", ns)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

/// CPU time (user + system) of this process so far, for load benchmarks' per-call figures.
func benchCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}

/// VmRSS from /proc/self/status, in KiB (0 where unavailable).
func benchResidentKiB() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}
