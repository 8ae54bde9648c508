import Foundation

// `swift run -c release minibot-bench [filter…]`: every in-process suite, or the cases whose
// names contain one of the filters (e.g. `g711`, `nlu`, `dialer`).
// Whole-system runs (from the repository root, they read scenarios/):
//   minibot-bench load [calls=500] [seconds=30]        simulated calls with VAD, AMD, recording
//   minibot-bench audiosocket-load [calls=500] [s=10]  bare AudioSocket pacing
//   minibot-bench reaction [calls=20]                  endpoint → first prompt frame
//   minibot-bench service-load [calls=100] [req/s=200] [s=20]   API requests while calls run in `serve`
//   minibot-bench freeswitch-load [calls=200] [s=20]   FreeSWITCH connector per-call overhead (fake switch)
//   minibot-bench scale-out [contacts=3000]           1, 2, 4 workers on one PostgreSQL: dials/s, claim latency
//   minibot-bench real-speech [rounds=1]              recognition per utterance (WHISPER_URL), synthesis per engine
//   minibot-bench llm [rounds=5]                       turns needing the language model; first sentence / whole answer (LLM_URL)
//   minibot-bench probe HOST:PORT CALLS SECONDS       Asterisk's side of AudioSocket from its own process: bot frames' lateness
//   minibot-bench serve-cost [calls=300] [s=6]        `serve --audiosocket` + the probe in another process: CPU per call-second, RSS
//   minibot-bench serve-cost CALLS S --floor          the same with nothing behind the calls: SwiftNIO + kernel TCP only
let arguments = Array(CommandLine.arguments.dropFirst())
func argument(_ index: Int, default value: Int) -> Int { arguments.count > index ? Int(arguments[index]) ?? value : value }

switch arguments.first {
case "load":
    _ = await callLoadBenchmark(calls: argument(1, default: 500), seconds: argument(2, default: 30))
case "audiosocket-load":
    _ = await audioSocketLoadBenchmark(calls: argument(1, default: 500), seconds: argument(2, default: 10))
case "service-load":
    await serviceLoadBenchmark(calls: argument(1, default: 100), rate: argument(2, default: 200), seconds: argument(3, default: 20))
case "freeswitch-load":
    await freeSwitchLoadBenchmark(calls: argument(1, default: 200), seconds: argument(2, default: 20))
case "scale-out":
    await scaleOutBenchmark(contacts: argument(1, default: 3_000))
case "real-speech":
    await realSpeechBenchmark(rounds: argument(1, default: 1))
case "llm":
    await languageModelBenchmark(rounds: argument(1, default: 5))
case "probe":
    await audioSocketProbe(target: arguments.count > 1 ? arguments[1] : "127.0.0.1:9092",
                           calls: argument(2, default: 300), seconds: argument(3, default: 6))
case "serve-cost":
    await serveCostBenchmark(calls: argument(1, default: 300), seconds: argument(2, default: 6),
                             floor: arguments.contains("--floor"))
case "floor-server":
    await floorServer(target: arguments.count > 1 ? arguments[1] : "127.0.0.1:9092")
case "reaction":
    _ = await reactionBenchmark(calls: argument(1, default: 20))
default:
    let filters = arguments.map { $0.lowercased() }
    let suites: [[BenchmarkCase]] = [
        signalBenchmarks(),
        detectionBenchmarks(),
        languageBenchmarks(),
        dialogueBenchmarks(),
        dialerBenchmarks(),
        telephonyBenchmarks(),
        speechBenchmarks(),
        storageBenchmarks(),
        callBenchmarks(),
        pbxBenchmarks(),
    ]
    let selected = suites.joined().filter { benchmark in
        filters.isEmpty || filters.contains { benchmark.name.lowercased().contains($0) }
    }
    print("MiniBotPanel benchmarks — \(selected.count) cases, medians over \(BenchmarkRunner().samples) samples")
    BenchmarkRunner().run(Array(selected))
}
