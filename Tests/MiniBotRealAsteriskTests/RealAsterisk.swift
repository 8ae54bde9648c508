import Foundation
import Logging
import MiniBotAudio
import MiniBotCalls
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotSpeech
import Synchronization
import Testing

/// The throwaway Asterisk started by `scripts/asterisk-throwaway.sh start` (scripts/test.sh does it),
/// found through the `MINIBOT_TEST_ASTERISK_*` variables it prints. Every suite here is
/// `.enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason)`.
///
/// Its dialplan (`[minibot-test]`) plays the far end of each call by number class: a person, busy,
/// congestion, unallocated, no answer, a callee who hangs up mid-prompt, a voicemail, a silent line.
/// Answering callees record what they hear into `<recordings>/<number>-heard.wav` (MixMonitor).
struct RealAsterisk: Sendable {
    let directory: String
    let configFile: String
    let binary: String
    let ariURL: String
    let password: String
    let audioSocketPort: Int
    let recordings: String
    let log: String

    static let current: RealAsterisk? = {
        let env = ProcessInfo.processInfo.environment
        guard let directory = env["MINIBOT_TEST_ASTERISK_DIR"], let configFile = env["MINIBOT_TEST_ASTERISK_CONF"],
              let binary = env["MINIBOT_TEST_ASTERISK_BIN"], let ariURL = env["MINIBOT_TEST_ASTERISK_ARI_URL"],
              let password = env["MINIBOT_TEST_ASTERISK_ARI_PASSWORD"],
              let port = env["MINIBOT_TEST_ASTERISK_AUDIOSOCKET_PORT"].flatMap(Int.init),
              let recordings = env["MINIBOT_TEST_ASTERISK_RECORDINGS"], let log = env["MINIBOT_TEST_ASTERISK_LOG"],
              FileManager.default.fileExists(atPath: configFile) else { return nil }
        return RealAsterisk(directory: directory, configFile: configFile, binary: binary, ariURL: ariURL, password: password,
                            audioSocketPort: port, recordings: recordings, log: log)
    }()

    static var isAvailable: Bool { current != nil }
    static let skipReason: Comment = "no real Asterisk: MINIBOT_TEST_ASTERISK_* unset (run scripts/asterisk-throwaway.sh build, then eval the output of scripts/asterisk-throwaway.sh start; scripts/test.sh does both)"

    static var instance: RealAsterisk { current! }

    /// The callee classes of `[minibot-test]` (digits 3-4 of the national number).
    enum Callee: String, CaseIterable, Sendable {
        case person = "11", busy = "12", congestion = "13", unallocated = "14", noAnswer = "15", hangsUpMidPrompt = "16"
        case voicemail = "17", silent = "18"
        /// Keeps talking for ~30 s (transfer tests).
        case talker = "19"
    }

    private static let counter = Atomic<Int>(Int.random(in: 0..<800_000))

    /// A fresh national number of class `callee` (each call gets its own recording file).
    static func number(_ callee: Callee) -> String {
        let serial = counter.add(1, ordering: .relaxed).newValue % 1_000_000
        return "06" + callee.rawValue + String(format: "%06d", serial)
    }

    static func e164(_ national: String) -> String { "+33" + national.dropFirst() }

    /// The PBX variables a deployment would set, pointing at this Asterisk; each line gets its own
    /// Stasis application so a test never shares events with another.
    func environment(amdContext: String?, ringTimeout: Int = 8, dualLayer: Bool = true,
                     application: String = "minibot-test-\(UUID().uuidString.prefix(8))") -> [String: String] {
        [
            "PBX": "asterisk", "ASTERISK_ARI_URL": ariURL, "ASTERISK_ARI_USER": "minibot", "ASTERISK_ARI_PASSWORD": password,
            "ASTERISK_ARI_APP": application, "ASTERISK_ENDPOINT": "Local/{number}@minibot-test",
            "ASTERISK_AMD_CONTEXT": amdContext ?? "", "AMD_ENABLED": amdContext == nil ? "false" : "true",
            "AMD_DUAL_LAYER": dualLayer ? "true" : "false", "AUDIOSOCKET_HOST": "127.0.0.1", "AUDIOSOCKET_PORT": "0",
            "RING_TIMEOUT": String(ringTimeout), "CALLER_ID": "0187654321",
        ]
    }

    /// `asterisk -rx COMMAND` against this instance.
    func cli(_ command: String) async throws -> String {
        let result = try await Subprocess.run(binary, ["-C", configFile, "-rx", command], timeout: .seconds(15))
        return result.stdout
    }

    /// Channels alive (`core show channels concise`, one line each).
    func liveChannels() async throws -> [String] {
        try await cli("core show channels concise").split(separator: "\n").map(String.init).filter { $0.contains("!") }
    }

    /// Bridges alive (`bridge show all`: a header line, then one line per bridge).
    func liveBridges() async throws -> [String] {
        try await cli("bridge show all").split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("Bridge-ID") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    /// Waits until Asterisk holds no channel and no bridge (MixMonitor and hang-ups finish a
    /// moment after the call); returns what is left after `timeout`.
    func waitUntilIdle(timeout: Duration = .seconds(5)) async throws -> (channels: [String], bridges: [String]) {
        let start = ContinuousClock.now
        while true {
            let channels = try await liveChannels(), bridges = try await liveBridges()
            if channels.isEmpty && bridges.isEmpty || ContinuousClock.now - start > timeout { return (channels, bridges) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// What the callee of `national` heard (its MixMonitor read direction), once Asterisk has closed the file.
    func heard(_ national: String, timeout: Duration = .seconds(5)) async throws -> [Int16] {
        try await recording(Self.e164(national) + "-heard.wav", timeout: timeout)
    }

    func recording(_ name: String, timeout: Duration = .seconds(5)) async throws -> [Int16] {
        let path = recordings + "/" + name
        let start = ContinuousClock.now
        var lastSize = -1
        while ContinuousClock.now - start < timeout {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? -1
            // MixMonitor writes the header's sizes when it closes; a stable size means it is done.
            if size > 44, size == lastSize, let file = try? WAV.read(path: path) { return file.buffer.samples }
            lastSize = size
            try await Task.sleep(for: .milliseconds(200))
        }
        throw RealAsteriskError("no complete recording at \(path) within \(timeout)")
    }

    /// Lines of Asterisk's log (notice, warning, error, verbose) that contain `text`.
    func logLines(containing text: String) -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init).filter { $0.contains(text) }
    }
}

struct RealAsteriskError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Root-mean-square level of 16-bit samples (digital silence is 0; speech from espeak-ng is in the thousands).
func rms(_ samples: ArraySlice<Int16>) -> Double {
    guard !samples.isEmpty else { return 0 }
    let sum = samples.reduce(0.0) { $0 + Double($1) * Double($1) }
    return (sum / Double(samples.count)).squareRoot()
}

func rms(_ samples: [Int16]) -> Double { rms(samples[...]) }

/// Above this RMS, a stretch of a recording holds a voice, not silence or line noise.
let audibleRMS = 200.0

/// Runs a program with a deadline (killed when it passes), capturing its output.
enum Subprocess {
    struct Result: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    directory: String? = nil, timeout: Duration) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("rast-\(UUID().uuidString).out")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("rast-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in exited.continuation.yield(); exited.continuation.finish() }
        try process.run()
        let finished = await withTaskGroup(of: Bool.self) { group -> Bool in
            group.addTask { for await _ in exited.stream { return true }; return true }
            group.addTask { try? await Task.sleep(for: timeout); return false }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !finished {
            process.terminate()
            process.waitUntilExit()
        }
        let result = Result(status: process.terminationStatus,
                            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        guard finished else {
            throw RealAsteriskError("\(executable) \(arguments.joined(separator: " ")) still running after \(timeout); "
                + "stdout: \(result.stdout.suffix(2_000)) stderr: \(result.stderr.suffix(2_000))")
        }
        return result
    }
}

/// A short scenario for the real calls: a 5 s greeting, 3 s silence timeouts, a goodbye.
enum ProbeScenario {
    static let json = """
    {"metadata": {"name": "asterisk_probe", "start_step": "hello", "barge_in_default": false},
     "steps": {
       "hello": {"message_text": "Bonjour, ici Julie de la société EcoEnergie. Je vous appelle au sujet de votre contrat d'électricité.",
                 "barge_in": false, "timeout": 3,
                 "intent_mapping": {"silence": "retry_silence", "*": "question"}},
       "retry_silence": {"message_text": "Allô, vous m'entendez ?", "barge_in": false, "timeout": 3,
                 "intent_mapping": {"silence": "bye_silence", "*": "question"}},
       "question": {"message_text": "Êtes-vous propriétaire de votre logement ?", "barge_in": false, "timeout": 3,
                 "intent_mapping": {"*": "bye"}},
       "bye": {"message_text": "Merci pour votre temps, au revoir.", "result": "completed", "barge_in": false},
       "bye_silence": {"message_text": "Je vous rappellerai, au revoir.", "result": "no_answer", "barge_in": false}}}
    """

    static func write() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("asterisk_probe-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func load() throws -> Scenario {
        let path = try write()
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try Scenario.load(path: path)
    }
}

let testLogger: Logger = {
    var logger = Logger(label: "minibot.real-asterisk.tests")
    logger.logLevel = ProcessInfo.processInfo.environment["MINIBOT_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    return logger
}()

/// A value shared between tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}
