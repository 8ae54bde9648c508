import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotSpeech

/// `minibot-bench real-speech [rounds=1]` (from the repository root): the real French voice loop's costs.
/// - recognition time per utterance with the recogniser WHISPER_URL points at
///   (`eval "$(scripts/whisper-local.sh start)"`), over the committed clips of Tests/SpeechClips/fr,
///   fed as a call feeds them; median, p90 and real-time factor (processing time / audio length);
/// - synthesis time per sentence per installed engine (pico, MBROLA, espeak-ng, and the
///   OpenAI-compatible one when TTS_URL is set), uncached (fresh phrase cache) and cached.
/// Not a timed test: numbers depend on the machine and its load, which is printed with them.
func realSpeechBenchmark(rounds: Int) async {
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
    print("real speech benchmark — load average \(load), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    await recognitionTimes(rounds: rounds)
    await synthesisTimes()
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

private func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
}

private func recognitionTimes(rounds: Int) async {
    guard let url = ProcessInfo.processInfo.environment["WHISPER_URL"], !url.isEmpty else {
        print("recognition: skipped (WHISPER_URL not set: eval \"$(scripts/whisper-local.sh start)\")")
        return
    }
    let folder = "Tests/SpeechClips/fr"
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".wav") }.sorted()
    guard !files.isEmpty else { print("recognition: skipped (no clips in \(folder)/: run from the repository root)"); return }
    let whisper = WhisperRecognizer(configuration: WhisperConfiguration(baseURL: url, timeout: .seconds(120)))
    var times: [Double] = [], factors: [Double] = []
    for _ in 0..<max(1, rounds) {
        for file in files {
            guard let samples = try? WAV.read(path: folder + "/" + file).buffer.mono().samples else { continue }
            let started = ContinuousClock.now
            guard (try? await whisper.recognizeUtterance(samples)) != nil else { print("recognition: \(file) failed"); continue }
            let elapsed = seconds(ContinuousClock.now - started)
            times.append(elapsed)
            factors.append(elapsed / (Double(samples.count) / 8_000))
        }
    }
    print(String(format: "recognition (whisper at %@): %d utterances, median %.2f s, p90 %.2f s per utterance, median %.2fx real time",
                 url, times.count, percentile(times, 0.5), percentile(times, 0.9), percentile(factors, 0.5)))
}

private func synthesisTimes() async {
    let sentences = [
        "Bonjour, je suis Julie de la société EcoEnergie.",
        "Êtes-vous propriétaire de votre logement ?",
        "Je comprends tout à fait, c'est une question que l'on me pose souvent.",
        "Seriez-vous disponible demain matin ou plutôt l'après-midi ?",
        "Merci pour votre temps, je vous souhaite une excellente journée.",
    ]
    var engines = SynthesizerConfiguration.installedLocalEngines().map { SynthesizerConfiguration(engine: $0) }
    let environment = ProcessInfo.processInfo.environment
    if let url = environment["TTS_URL"], !url.isEmpty {
        engines.append(SynthesizerConfiguration(engine: .openai, voice: environment["TTS_VOICE"], url: url, apiKey: environment["TTS_API_KEY"]))
    }
    if engines.isEmpty { print("synthesis: no local voice installed (apt-get install libttspico-utils mbrola-fr1 espeak-ng)") }
    for var configuration in engines {
        let folder = NSTemporaryDirectory() + "minibot-bench-tts-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        configuration.cacheDirectory = folder
        guard let synthesizer = try? configuration.make() else { continue }
        var uncached: [Double] = [], cached: [Double] = [], audio: [Double] = []
        for sentence in sentences {
            let first = ContinuousClock.now
            guard let samples = try? await synthesizer.synthesize(sentence, voice: nil) else { continue }
            uncached.append(seconds(ContinuousClock.now - first))
            audio.append(Double(samples.count) / 8_000)
            let second = ContinuousClock.now
            _ = try? await synthesizer.synthesize(sentence, voice: nil)
            cached.append(seconds(ContinuousClock.now - second))
        }
        print(String(format: "synthesis %@: median %.0f ms uncached, %.2f ms cached per sentence (median sentence %.1f s of audio)",
                     configuration.describe(synthesizer), percentile(uncached, 0.5) * 1_000, percentile(cached, 0.5) * 1_000,
                     percentile(audio, 0.5)))
    }
}
