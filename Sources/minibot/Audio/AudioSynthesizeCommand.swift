import ArgumentParser
import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotDialogue
import MiniBotLanguage

/// `minibot audio synthesize`: seed `clone_voice.py`'s generation part. Pre-generates, with the
/// configured voice, every sentence a call may speak that has no recorded file: the scenario's
/// steps (after its own variables; sentences with a contact's `{{first_name}}` are personal and
/// skipped), the objection and FAQ answers of its themes, and the rail-return questions. Files go
/// where the prompt library looks for them (`<target>/<audio_file>` for a relative step file,
/// `<target>/<voice>/<step>.wav` otherwise, `<target>/<voice>/objections/<file or id>.wav`,
/// `<target>/<voice>/rail_return/NN.wav`) as 8 kHz PCM16 WAV, and into the phrase cache, so
/// live calls never wait for a synthesis. Re-runs skip files that exist (`--force` redoes them).
struct AudioSynthesizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synthesize",
        abstract: "Pre-generate every prompt without an audio file (steps, objection/FAQ answers, rail-return questions) with the configured voice."
    )

    @Argument(help: "Scenario: a name from scenarios/ or a path (optional with --theme).") var scenario: String?
    @Option(name: .customLong("theme"), help: "Objection theme whose answers to generate (repeatable; default: the scenario's theme and general).")
    var themes: [String] = []
    @Option(help: "Voice of the engine (TTS_VOICE: mb-fr1, fr, an OpenAI-compatible voice…).") var voice: String?
    @Option(help: "Engine (TTS_ENGINE): pico, mbrola, espeak, openai, tone. Default: the best installed local voice.") var engine: String?
    @Option(help: "Sounds folder to write into.") var target: String = "sounds"
    @Option(help: "Voice folder under the target (default: the scenario's metadata voice, else 'default').") var speaker: String?
    @Flag(help: "Regenerate files that already exist.") var force = false
    @Option(name: .customLong("env-file"), help: "Environment file to read (default .env; a missing file is fine; the environment wins).")
    var environmentFile: String = ".env"

    struct Item {
        var kind: String
        var id: String
        var text: String
        var file: String
        var status = "pending"
        var seconds = 0.0
    }

    func run() async throws {
        guard scenario != nil || !themes.isEmpty else { throw ValidationError("give a scenario, or --theme for objection answers only") }
        var environment = try await CommandEnvironment.load(environmentFile: environmentFile)
        if let engine { environment["TTS_ENGINE"] = engine }
        if let voice { environment["TTS_VOICE"] = voice }
        let configuration: SynthesizerConfiguration
        let synthesizer: any SpeechSynthesizer
        do {
            configuration = try SynthesizerConfiguration(environment: environment)
            synthesizer = try configuration.makeEngine(environment: environment)
        } catch {
            throw CLIError("\(error)")
        }
        let loaded = try scenario.map { try ScenarioLocator.load($0).scenario }
        let folder = speaker ?? loaded?.metadata.voice ?? "default"
        var items = try plan(scenario: loaded, folder: folder)
        let cache = configuration.cacheDirectory.map { PhraseCache(directory: $0, maxBytes: configuration.cacheMaxBytes) }
        let cacheVoice = configuration.voiceLabelForCache(synthesizer)
        print("voice: \(configuration.describe(synthesizer)); target: \(target)/")
        var failed = 0
        for index in items.indices {
            let path = target + "/" + items[index].file
            if items[index].status.hasPrefix("skipped") { continue }
            if !force && FileManager.default.fileExists(atPath: path) {
                items[index].status = "exists"
                continue
            }
            do {
                let samples = try await synthesizer.synthesize(items[index].text, voice: nil)
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try WAV.write(AudioBuffer(sampleRate: TelephoneAudio.sampleRate, channels: 1, samples: samples), as: .pcm16, to: path)
                cache?.store(samples, engine: synthesizer.name, voice: cacheVoice, text: items[index].text)
                items[index].status = "generated"
                items[index].seconds = Double(samples.count) / Double(TelephoneAudio.sampleRate)
            } catch {
                items[index].status = "failed: \(error)"
                failed += 1
            }
        }
        print(Self.table(items))
        let count = { (status: String) in items.filter { $0.status == status }.count }
        print("\(count("generated")) generated, \(count("exists")) already there, \(count("skipped (personal)")) personal sentences skipped, \(failed) failed")
        if failed > 0 { throw ExitCode(1) }
    }

    /// Every sentence to generate, with its file relative to the target.
    func plan(scenario: Scenario?, folder: String) throws -> [Item] {
        var items: [Item] = []
        var themes = self.themes
        if let scenario {
            let variables = TemplateRenderer.mergedVariables(scenario: scenario.variableDictionary, contact: [:])
            for step in scenario.steps where !step.messageText.isEmpty {
                let text = TemplateRenderer.render(step.messageText, variables)
                let file: String
                if let audio = step.audioFile, !audio.isEmpty, !audio.hasPrefix("/") {
                    file = audio
                } else {
                    file = folder + "/" + step.id + ".wav"
                }
                var item = Item(kind: "step", id: step.id, text: text, file: file)
                // A placeholder the scenario does not fill itself (first_name…) differs per contact.
                let own = scenario.variableDictionary
                if TemplateRenderer.placeholders(in: step.messageText).contains(where: { own[$0] == nil || own[$0]!.contains("{{") }) {
                    item.status = "skipped (personal)"
                }
                items.append(item)
            }
            if themes.isEmpty { themes = scenario.objectionThemes + ["general"] }
            for (index, question) in RailReturnQuestions.all.enumerated() {
                items.append(Item(kind: "rail-return", id: String(format: "%02d", index + 1), text: question,
                                  file: folder + "/rail_return/" + String(format: "%02d", index + 1) + ".wav"))
            }
        }
        let database: ObjectionDatabase
        do { database = try ObjectionDatabase.bundled() } catch { throw CLIError("\(error)") }
        for theme in themes where !database.themes.contains(theme) {
            throw ValidationError("--theme \(theme): unknown theme (known: \(database.themes.joined(separator: ", ")))")
        }
        for theme in themes {
            for entry in database.entries(theme: theme) {
                let name = entry.audioFile.map { ($0 as NSString).lastPathComponent } ?? entry.id + ".wav"
                items.append(Item(kind: entry.kind.rawValue, id: entry.id, text: entry.response, file: folder + "/objections/" + name))
            }
        }
        return items.filter { $0.status == "pending" || $0.status.hasPrefix("skipped") }
    }

    static func table(_ items: [Item]) -> String {
        let rows = [["kind", "id", "file", "status", "seconds"]] + items.map {
            [$0.kind, $0.id, $0.file, $0.status, $0.status == "generated" ? String(format: "%.1f", $0.seconds) : ""]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
