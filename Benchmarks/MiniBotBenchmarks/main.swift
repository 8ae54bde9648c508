import Foundation

// `swift run -c release minibot-bench [filter…]`: every suite, or those whose case names
// contain one of the filters (e.g. `g711`, `nlu`, `dialer`).
let filters = CommandLine.arguments.dropFirst().map { $0.lowercased() }
let suites: [[BenchmarkCase]] = [
    signalBenchmarks(),
    detectionBenchmarks(),
    languageBenchmarks(),
    dialogueBenchmarks(),
    dialerBenchmarks(),
    telephonyBenchmarks(),
    speechBenchmarks(),
    storageBenchmarks(),
]
let selected = suites.joined().filter { benchmark in
    filters.isEmpty || filters.contains { benchmark.name.lowercased().contains($0) }
}
print("MiniBotPanel benchmarks — \(selected.count) cases, medians over \(BenchmarkRunner().samples) samples")
BenchmarkRunner().run(Array(selected))
