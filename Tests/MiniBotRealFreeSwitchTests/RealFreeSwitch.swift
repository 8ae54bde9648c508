import Foundation
import Logging
import MiniBotTelephony
import Testing

/// The throwaway FreeSWITCH started by `scripts/freeswitch-throwaway.sh start` (its `export` lines):
/// where its Event Socket listens, its files, and the test dialplan's callees.
///
/// Every suite here is `.enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason)`: without the
/// variables the tests are reported as skipped with the reason, never passed.
enum RealFreeSwitch {
    static let environment = ProcessInfo.processInfo.environment

    static var isAvailable: Bool { directory != nil && port != nil && password != nil }
    static let skipReason: Comment = """
        no real FreeSWITCH: run `eval "$(scripts/freeswitch-throwaway.sh start)"` (after `scripts/freeswitch-throwaway.sh build`) \
        to set MINIBOT_TEST_FREESWITCH_DIR/_ESL_PORT/_ESL_PASSWORD
        """

    static var directory: String? { environment["MINIBOT_TEST_FREESWITCH_DIR"].flatMap { $0.isEmpty ? nil : $0 } }
    static var host: String { environment["MINIBOT_TEST_FREESWITCH_ESL_HOST"] ?? "127.0.0.1" }
    static var port: Int? { environment["MINIBOT_TEST_FREESWITCH_ESL_PORT"].flatMap(Int.init) }
    static var password: String? { environment["MINIBOT_TEST_FREESWITCH_ESL_PASSWORD"] }
    static var dialString: String { environment["MINIBOT_TEST_FREESWITCH_DIAL_STRING"] ?? "loopback/{number}/minibot-test" }
    static var soundsDirectory: String { environment["MINIBOT_TEST_FREESWITCH_SOUNDS_DIR"] ?? "\(directory ?? "/tmp")/sounds" }
    static var recordingsDirectory: String {
        environment["MINIBOT_TEST_FREESWITCH_RECORDINGS_DIR"] ?? "\(directory ?? "/tmp")/recordings"
    }

    /// The test dialplan's callees (scripts/freeswitch-throwaway.sh): the last four digits pick the behaviour.
    enum Callee: String, CaseIterable {
        case answer = "9001", busy = "9002", noAnswer = "9003", hangUpMidPrompt = "9004", machine = "9005", silent = "9006",
             talkOver = "9007"

        /// A French mobile number ending in the callee's digits; `block` keeps numbers of concurrent tests apart.
        func number(block: Int = 0) -> String { String(format: "06%02d%02d", block / 100 % 100, block % 100) + rawValue }
    }

    /// The environment a `minibot` child needs to dial this switch.
    static func minibotEnvironment(ringTimeout: Int = 8) -> [String: String] {
        [
            "PBX": "freeswitch", "FREESWITCH_ESL_HOST": host, "FREESWITCH_ESL_PORT": "\(port ?? 0)",
            "FREESWITCH_ESL_PASSWORD": password ?? "", "FREESWITCH_DIAL_STRING": dialString,
            "FREESWITCH_SOUNDS_DIR": soundsDirectory, "AUDIO_STREAM_HOST": "127.0.0.1", "AUDIO_STREAM_PORT": "0",
            "RING_TIMEOUT": "\(ringTimeout)", "STT_ENGINE": "simulated", "AMD_ENABLED": "true", "AMD_DUAL_LAYER": "true",
        ]
    }

    static func client(events: [String] = ESLClient.Configuration.callEvents, label: String = "real-fs-test") -> ESLClient {
        var logger = Logger(label: label)
        logger.logLevel = .error
        return ESLClient(configuration: .init(host: host, port: port ?? 0, password: password ?? "", events: events,
                                              initialReconnectDelay: .milliseconds(100), maximumReconnectDelay: .milliseconds(500)),
                         logger: logger)
    }

    /// Runs `body` with a connected client (its read loop in a child task), then shuts it down.
    static func withClient<T: Sendable>(events: [String] = ESLClient.Configuration.callEvents,
                                        _ body: @Sendable (ESLClient) async throws -> T) async throws -> T {
        let client = client(events: events)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.run() }
            defer {
                client.shutdown()
                group.cancelAll()
            }
            try await within(.seconds(10), "Event Socket connection") { try await client.waitUntilConnected() }
            return try await body(client)
        }
    }

    /// `show channels` as a count (`N total.` at the end of FreeSWITCH's table).
    static func channelCount(_ client: ESLClient) async throws -> Int {
        let text = try await client.api("show channels count")
        return Int(text.split(whereSeparator: \.isWhitespace).first ?? "") ?? -1
    }

    /// `scripts/freeswitch-throwaway.sh <verb> <dir>` (restart: same port and password, calls dropped).
    static func script(_ verb: String) async throws {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try await Processes.start(repo.appendingPathComponent("scripts/freeswitch-throwaway.sh").path, [verb, directory ?? ""])
            .wait(timeout: .seconds(60))
        guard result.status == 0 else { throw TestFailure("freeswitch-throwaway.sh \(verb) failed: \(result.stderr)") }
    }

    /// The callee-leg recording of a call (`record_session`, stereo: left what the callee heard, right what it said).
    static func recording(number: String, callID: String? = nil) -> String? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: recordingsDirectory)) ?? []
        return names.filter { name in name.hasPrefix("\(number)-") && (callID.map { name.contains($0) } ?? true) && name.hasSuffix(".wav") }
            .sorted().last.map { "\(recordingsDirectory)/\($0)" }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `operation` or fails after `timeout` (a hung switch fails the test instead of hanging CI).
func within<T: Sendable>(_ timeout: Duration, _ what: String, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TestFailure("\(what): nothing within \(timeout)") }
        return value
    }
}

/// Polls `condition` every 50 ms until it holds, or fails after `timeout` (for state only a query can show).
func eventually(_ timeout: Duration, _ what: String, _ condition: @Sendable () async throws -> Bool) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TestFailure("\(what): not true within \(timeout)")
}
