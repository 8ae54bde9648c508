import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage
import MiniBotSpeech
import MiniBotTelephony

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
    await voiceToVoice(calls: max(1, rounds))
}

/// The caller's voice: the committed clips, framed as a PBX sends them.
private struct ClipCallerVoice: CallerVoice {
    let clips: [String: [Int16]]
    func frames(for text: String) async -> [[Int16]] {
        let samples = clips[text] ?? []
        return stride(from: 0, to: samples.count, by: 160).map { start in
            Array(samples[start..<min(start + 160, samples.count)]) + [Int16](repeating: 0, count: max(0, start + 160 - samples.count))
        }
    }
}

/// A whole call over loopback AudioSocket (finance_agent) whose caller speaks the committed clips,
/// heard by the real recogniser, answered with the best local voice from a warm phrase cache:
/// the time from the endpoint (the caller's last speech frame + the endpointer's trailing silence)
/// to the first frame of the bot's answer on the socket.
private func voiceToVoice(calls: Int) async {
    guard let url = ProcessInfo.processInfo.environment["WHISPER_URL"], !url.isEmpty,
          let scenario = try? Scenario.load(path: "scenarios/finance_agent.json"), let nlu = try? NLUPipeline() else {
        print("voice-to-voice: skipped (needs WHISPER_URL and the repository root)")
        return
    }
    let lines = ["Oui, c'est moi.": "oui-c-est-moi.wav", "Oui, j'en ai un.": "oui-j-en-ai-un.wav",
                 "C'est trop cher pour moi.": "trop-cher.wav", "Oui, ça m'intéresse.": "ca-m-interesse.wav",
                 "Oui, d'accord.": "oui-d-accord.wav", "Demain matin, ce serait parfait.": "demain-matin.wav"]
    let clips = lines.compactMapValues { try? WAV.read(path: "Tests/SpeechClips/fr/" + $0).buffer.mono().samples }
    let folder = NSTemporaryDirectory() + "minibot-bench-v2v-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    var voice = SynthesizerConfiguration(engine: SynthesizerConfiguration.installedLocalEngines().first ?? .tone)
    voice.cacheDirectory = folder
    guard let synthesizer = try? voice.make() else { return }
    var controller = CallControllerConfiguration()
    controller.recognitionTimeoutMs = 60_000
    let recognizer = EndpointStampingRecognizer(base: WhisperRecognizer(configuration: WhisperConfiguration(baseURL: url, timeout: .seconds(60))))
    let runner = CallRunner(scenario: scenario, nlu: nlu, recognizer: recognizer, prompts: PromptLibrary(soundsRoot: nil, synthesizer: synthesizer),
                            options: .init(recordingsDirectory: nil, controller: controller), logger: quietLogger)
    guard let service = try? await AudioSocketCallService.bind(configuration: .init(host: "127.0.0.1", port: 0), runner: runner),
          let port = service.localPort else { return }
    let pbx = SimulatedPBX(port: port, voice: ClipCallerVoice(clips: clips))
    let persona = Persona(name: "interested", turns: ["Oui, c'est moi.", "Oui, j'en ai un.", "C'est trop cher pour moi.", "Oui, ça m'intéresse.",
                                                      "Oui, d'accord.", "Demain matin, ce serait parfait."].map { .say($0) }, maxCallMs: 240_000)
    var values: [Double] = []
    await withTaskGroup(of: Void.self) { group in
        group.addTask { try? await service.run() }
        _ = try? await pbx.call(persona)   // warm-up: every prompt synthesised into the phrase cache
        for _ in 0..<calls {
            let id = UUID()
            guard let outcome = try? await pbx.call(persona, callID: id) else { continue }
            for finish in recognizer.stamps(for: id.uuidString) {
                if let start = outcome.promptStartNanoseconds.first(where: { $0 > finish }) { values.append(Double(start - finish) / 1e6) }
            }
        }
        await service.shutdownGracefully()
        await group.waitForAll()
    }
    let silence = Double(EndpointerConfiguration.telephone.endSilenceMs)
    print(String(format: "voice-to-voice (%@, whisper, cached %@ voice): %d turns, endpoint → first answer frame median %.0f ms, max %.0f ms; "
                 + "last speech frame → first answer frame ≈ median %.0f ms (+%.0f ms endpointer silence)",
                 scenario.metadata.name, synthesizer.name, values.count, percentile(values, 0.5), values.max() ?? 0,
                 percentile(values, 0.5) + silence, silence))
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
