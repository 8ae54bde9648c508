import ArgumentParser
import Foundation
import MiniBotAudioTools
import MiniBotDialogue
import MiniBotOutbound
import MiniBotServer
import MiniBotSpeech
import MiniBotStorage
import NIOPosix

/// Seed `test_setup.py`: checks everything `minibot serve` needs on this machine and prints one
/// ✓/✗/⚠ line each. Exits 1 when any ✗ (a required part is missing or misconfigured); ⚠ lines
/// are optional parts (Vosk when STT_ENGINE is not vosk, …).
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check tools, speech engines, database, ports, PBX and configuration (✓/✗ per line)."
    )

    @Option(name: .customLong("env-file"), help: "Environment file to read (default .env).")
    var environmentFile: String = ".env"

    @Flag(help: "Skip the free-port checks (when the service is already running).")
    var skipPorts = false

    func run() async throws {
        var report = DoctorReport()
        let values = try await ServiceConfigurationLoader.values(environmentFile: environmentFile)
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration(values: values)
            report.pass("configuration", "variables parse (\(values.count) set, PBX=\(configuration.pbx))")
        } catch {
            report.fail("configuration", "\(error)")
            print(report.render())
            throw ExitCode(1)
        }
        do {
            try configuration.checkExposure()
            report.pass("API exposure", "API_HOST=\(configuration.api.host)" + (configuration.api.password == nil ? " (no API_PASSWORD: loopback only)" : ", password set"))
        } catch {
            report.fail("API exposure", "\(error)")
        }
        checkTools(&report)
        checkSpeech(configuration, &report)
        await checkWhisperAndVoice(configuration, &report)
        await checkStreamingSpeech(configuration, &report)
        await checkLanguageModel(configuration, &report)
        await checkDatabase(configuration, &report)
        checkFolders(configuration, &report)
        if !skipPorts { await checkPorts(configuration, &report) }
        await checkPBX(configuration, &report)
        print(report.render())
        if report.failed { throw ExitCode(1) }
    }

    func checkTools(_ report: inout DoctorReport) {
        for (tool, arguments, why) in [("ffmpeg", ["-version"], "audio decoding (audio prepare/convert)"),
                                       ("espeak-ng", ["--version"], "synthesised prompts")] {
            guard let path = ExternalTool.locate(tool) else {
                report.fail(tool, "not found on PATH: needed for \(why) (apt-get install \(tool))")
                continue
            }
            let output = try? ExternalTool.run(path, arguments)
            let firstLine = output.map { String(decoding: $0.stdout, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "" } ?? ""
            if output?.status == 0 { report.pass(tool, firstLine.isEmpty ? path : firstLine) } else { report.fail(tool, "\(path) does not run") }
        }
        if let espeak = ExternalTool.locate("espeak-ng") {
            let voices = (try? ExternalTool.run(espeak, ["--voices=fr"])).map { String(decoding: $0.stdout, as: UTF8.self) } ?? ""
            if voices.contains("fr") { report.pass("espeak-ng French voice", "available") } else { report.fail("espeak-ng French voice", "no fr voice installed") }
        }
    }

    func checkSpeech(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) {
        let needsVosk = configuration.speechEngine == "vosk"
        let environment = configuration.values.merging(ProcessInfo.processInfo.environment) { value, _ in value }
        let library = environment["VOSK_LIBRARY_PATH"] ?? VoskLibraryDiscovery.firstExisting(VoskLibraryDiscovery.libraryPatterns(environment: environment))
        if let library, FileManager.default.fileExists(atPath: library) {
            report.pass("libvosk", library)
        } else if needsVosk {
            report.fail("libvosk", "not found: pip install vosk, or set VOSK_LIBRARY_PATH")
        } else {
            report.warn("libvosk", "not found (only needed with STT_ENGINE=vosk)")
        }
        if let model = configuration.values["VOSK_MODEL_PATH"] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: model, isDirectory: &isDirectory), isDirectory.boolValue {
                report.pass("Vosk model", model)
            } else {
                report.fail("Vosk model", "VOSK_MODEL_PATH=\(model) is not a folder")
            }
        } else if needsVosk {
            report.fail("Vosk model", "VOSK_MODEL_PATH is required with STT_ENGINE=vosk")
        }
        if configuration.speechEngine == "whisper", configuration.values["WHISPER_URL"] == nil {
            report.fail("Whisper", "WHISPER_URL is required with STT_ENGINE=whisper")
        }
        let origin = configuration.values["STT_ENGINE"] == nil ? " (the default: STT_ENGINE unset)" : ""
        report.pass("speech engine", configuration.speechEngine + origin + ". " + RecognizerAvailability.hint(environment: environment))
    }

    func checkDatabase(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) async {
        do {
            let url = try DatabaseURL(parsing: configuration.databaseURL)
            let database = try await Database.open(url: url, logger: CLILogging.logger)
            let campaigns = try await database.campaigns.campaigns().count
            report.pass("database", "\(url) reachable, schema version \(database.schemaVersion), \(campaigns) campaign(s)")
            try? await database.close()
        } catch {
            report.fail("database", "\(error)")
        }
    }

    func checkFolders(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) {
        let fileManager = FileManager.default
        let scenarios = (try? fileManager.contentsOfDirectory(atPath: configuration.scenariosDirectory)) ?? []
        let files = scenarios.filter { $0.hasSuffix(".json") || $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if files.isEmpty {
            report.fail("scenarios", "no scenario in \(configuration.scenariosDirectory)/ (SCENARIOS_DIR)")
        } else {
            var invalid: [String] = []
            for file in files {
                let path = configuration.scenariosDirectory + "/" + file
                guard let scenario = try? Scenario.load(path: path) else { invalid.append(file); continue }
                let validator = ScenarioValidator(soundsRoot: configuration.soundsDirectory,
                                                  fileExists: { FileManager.default.fileExists(atPath: $0) })
                if !validator.validate(scenario).isValid { invalid.append(file) }
            }
            if invalid.isEmpty {
                report.pass("scenarios", "\(files.count) valid in \(configuration.scenariosDirectory)/")
            } else {
                report.fail("scenarios", "invalid: \(invalid.joined(separator: ", ")) (run minibot scenario validate)")
            }
        }
        let recordings = configuration.recordingsDirectory
        try? fileManager.createDirectory(atPath: recordings, withIntermediateDirectories: true)
        if fileManager.isWritableFile(atPath: recordings) {
            report.pass("recordings folder", "\(recordings) writable")
        } else {
            report.fail("recordings folder", "\(recordings) is not writable (RECORDINGS_DIR)")
        }
    }

    func checkPorts(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) async {
        // The PBX media listeners are checked with the PBX below.
        var ports = [("API_PORT", configuration.api.host, configuration.api.port)]
        if configuration.inbound.scenario != nil, configuration.pbx != "asterisk" {
            ports.append(("AUDIOSOCKET_PORT", configuration.inbound.host, configuration.inbound.port))
        }
        for (name, host, port) in ports {
            do {
                let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .bind(host: host, port: port).get()
                try await channel.close()
                report.pass("port \(port)", "\(name) free on \(host)")
            } catch {
                report.fail("port \(port)", "\(name) on \(host) is taken or not bindable: \(error)")
            }
        }
    }
}

extension DoctorCommand {
    /// The `PBX=` connector: its variables, then FreeSWITCH Event Socket authentication or the
    /// ARI credentials, and whether its media listener port is free.
    func checkPBX(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) async {
        let pbx: PBXConfiguration
        do {
            pbx = try PBXConfiguration(environment: configuration.values)
        } catch {
            report.fail("PBX configuration", "\(error)")
            return
        }
        for check in await PBXLine.checkReachability(pbx) where !(skipPorts && check.name.contains("listener")) {
            if check.ok { report.pass(check.name, check.detail) } else { report.fail(check.name, check.detail) }
        }
        if let fs = pbx.freeSwitch, pbx.kind == .freeswitch {
            // mod_audio_stream loaded, and FreeSWITCH able to open our stream listener.
            for check in await PBXLine.checkFreeSwitchMedia(fs) where !(skipPorts && check.name.contains("listener")) {
                if check.ok { report.pass(check.name, check.detail) } else { report.fail(check.name, check.detail) }
            }
        }
    }
}

/// The doctor's lines, in order.
struct DoctorReport {
    enum Mark: String { case pass = "✓", fail = "✗", warn = "⚠" }
    var lines: [(Mark, String, String)] = []
    var failed: Bool { lines.contains { $0.0 == .fail } }

    mutating func pass(_ name: String, _ detail: String) { lines.append((.pass, name, detail)) }
    mutating func fail(_ name: String, _ detail: String) { lines.append((.fail, name, detail)) }
    mutating func warn(_ name: String, _ detail: String) { lines.append((.warn, name, detail)) }

    func render() -> String {
        var text = lines.map { "\($0.0.rawValue) \($0.1): \($0.2)" }
        let failures = lines.filter { $0.0 == .fail }.count
        text.append(failures == 0 ? "all required checks passed" : "\(failures) check(s) failed")
        return text.joined(separator: "\n")
    }
}
