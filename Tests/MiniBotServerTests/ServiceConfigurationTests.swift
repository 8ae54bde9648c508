import Foundation
import MiniBotSpeech
import Testing
@testable import MiniBotServer

@Suite struct ServiceConfigurationTests {
    @Test func defaultsMatchTheSeedsAndKeepTheAPIOnLoopback() throws {
        let configuration = try ServiceConfiguration(values: [:])
        #expect(configuration.api.host == "127.0.0.1")
        #expect(configuration.api.port == 8000)
        #expect(configuration.inbound.port == 9092)
        #expect(configuration.calls.maximumConcurrentCalls == 10)
        #expect(configuration.calls.maximumCallSeconds == 300)
        #expect(configuration.calls.delayBetweenCalls == 2)
        #expect(configuration.pbx == "simulated")
        #expect(configuration.inbound.scenario == nil)
        #expect(configuration.databaseURL == "sqlite:minibot.sqlite")
        try configuration.checkExposure()
    }

    @Test(arguments: [
        ("API_PORT", "eighty", "is not a whole number"),
        ("API_PORT", "70000", "is outside 0…65535"),
        ("MAX_CONCURRENT_CALLS", "0", "is outside 1…5000"),
        ("DELAY_BETWEEN_CALLS", "-1", "is outside"),
        ("AMD_ENABLED", "peut-être", "is not a boolean"),
        ("PBX", "3cx", "is not one of simulated, freeswitch, asterisk"),
        ("LOG_LEVEL", "verbose", "is not one of"),
        ("WHISPER_URL", "localhost:9000", "is not an http(s) URL"),
        ("FREESWITCH_ESL_PORT", "x", "is not a whole number"),
    ])
    func invalidValuesAreRefusedWithTheVariableName(variable: String, value: String, message: String) {
        #expect {
            _ = try ServiceConfiguration(values: [variable: value])
        } throws: { error in
            let refused = error as? ConfigurationError
            return refused?.variable == variable && refused?.description.contains(message) == true
                && refused?.description.contains(value) == true
        }
    }

    @Test func seedValuesAreAccepted() throws {
        let configuration = try ServiceConfiguration(values: [
            "MAX_CONCURRENT_CALLS": "10", "CALL_TIMEOUT": "300", "DELAY_BETWEEN_CALLS": "2.0", "AMD_ENABLED": "true",
            "AMD_DUAL_LAYER": "True", "RETRY_ENABLED": "true", "MAX_RETRIES": "2", "RETRY_DELAY_MINUTES": "30",
            "RETRY_BUSY_DELAY_MINUTES": "5", "API_HOST": "0.0.0.0", "API_PORT": "8000", "LOG_LEVEL": "INFO",
            "PBX": "FreeSWITCH", "OLLAMA_URL": "http://localhost:11434",
        ])
        #expect(configuration.calls.answeringMachineDualLayer)
        #expect(configuration.logLevel == "info")
        #expect(configuration.pbx == "freeswitch")
        #expect(configuration.calls.retryBusyDelayMinutes == 5)
    }

    @Test func nonLoopbackAddressNeedsARealPassword() throws {
        for host in ["0.0.0.0", "192.168.1.10", "::"] {
            #expect(throws: ConfigurationError.self) { try ServiceConfiguration(values: ["API_HOST": host]).checkExposure() }
            #expect {
                try ServiceConfiguration(values: ["API_HOST": host, "API_PASSWORD": ServiceConfiguration.examplePassword]).checkExposure()
            } throws: { error in
                (error as? ConfigurationError)?.description.contains("example's default") == true
            }
            #expect(throws: ConfigurationError.self) {
                try ServiceConfiguration(values: ["API_HOST": host, "API_PASSWORD": "short"]).checkExposure()
            }
            try ServiceConfiguration(values: ["API_HOST": host, "API_PASSWORD": "a-long-real-secret-42"]).checkExposure()
        }
        for host in ["127.0.0.1", "localhost", "::1", "127.0.0.2"] {
            try ServiceConfiguration(values: ["API_HOST": host, "API_PASSWORD": ServiceConfiguration.examplePassword]).checkExposure()
        }
    }

    /// One `STT_ENGINE` default (issue 16): the service, the recognizer factory `call test` uses,
    /// the variables list `doctor` prints and `.env.example` all say `simulated`.
    @Test func speechEngineDefaultIsTheSameEverywhere() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let example = try String(contentsOf: root.appendingPathComponent(".env.example"), encoding: .utf8)
        let exampleValue = example.split(separator: "\n").first { $0.hasPrefix("STT_ENGINE=") }.map { String($0.dropFirst("STT_ENGINE=".count)) }
        let listed = ServiceVariables.all.first { $0.name == "STT_ENGINE" }?.defaultValue
        let service = try ServiceConfiguration(values: [:]).speechEngine
        let recognizer = try RecognizerConfiguration(environment: [:]).engine.rawValue
        #expect([exampleValue, listed, service, recognizer] == ["simulated", "simulated", "simulated", "simulated"])
        let operations = try String(contentsOf: root.appendingPathComponent("docs/operations.md"), encoding: .utf8)
        #expect(operations.contains("STT_ENGINE` defaults to `simulated`"), "docs/operations.md states the default")
    }

    /// Inbound AudioSocket capacity is its own (issue 16), defaulting to the measured 100 live calls.
    @Test func inboundCapacityIsSeparateFromOutbound() throws {
        let defaults = try ServiceConfiguration(values: [:])
        #expect(defaults.inbound.maximumCalls == 100)
        #expect(ServiceVariables.all.first { $0.name == "MAX_INBOUND_CALLS" }?.defaultValue == "\(defaults.inbound.maximumCalls)")
        let set = try ServiceConfiguration(values: ["MAX_CONCURRENT_CALLS": "3", "MAX_INBOUND_CALLS": "40"])
        #expect(set.calls.maximumConcurrentCalls == 3)
        #expect(set.inbound.maximumCalls == 40)
        #expect(throws: ConfigurationError.self) { try ServiceConfiguration(values: ["MAX_INBOUND_CALLS": "0"]) }
    }

    @Test func emptyValuesCountAsUnset() throws {
        let configuration = try ServiceConfiguration(values: ["API_PORT": "", "SCENARIO": "", "API_PASSWORD": ""])
        #expect(configuration.api.port == 8000)
        #expect(configuration.inbound.scenario == nil)
        #expect(configuration.api.password == nil)
    }
}

@Suite struct ServiceConfigurationLoaderTests {
    @Test func environmentWinsOverTheFileAndQuotesAndCommentsAreStripped() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-env-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent(".env").path
        try """
        # comment line
        API_PORT=8100
        API_PASSWORD="mot de passe # pas un commentaire"
        DELAY_BETWEEN_CALLS=2.5          # seconds
        LOG_LEVEL='debug'
        MAX_CONCURRENT_CALLS=4
        UNKNOWN_VARIABLE=ignored
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let values = try await ServiceConfigurationLoader.values(environmentFile: file, environment: ["MAX_CONCURRENT_CALLS": "7"])
        #expect(values["API_PORT"] == "8100")
        #expect(values["API_PASSWORD"] == "mot de passe # pas un commentaire")
        #expect(values["DELAY_BETWEEN_CALLS"] == "2.5")
        #expect(values["LOG_LEVEL"] == "debug")
        #expect(values["MAX_CONCURRENT_CALLS"] == "7")
        #expect(values["UNKNOWN_VARIABLE"] == nil)
        let configuration = try ServiceConfiguration(values: values)
        #expect(configuration.calls.delayBetweenCalls == 2.5)
        #expect(configuration.calls.maximumConcurrentCalls == 7)
    }

    /// `serve --env-file /dev/null` (issue 16): a character device reads as an empty file.
    @Test func devNullAndOtherReadableNonRegularFilesWork() async throws {
        let values = try await ServiceConfigurationLoader.values(environmentFile: "/dev/null", environment: ["API_PORT": "9001"])
        #expect(values == ["API_PORT": "9001"])
        #expect(ServiceConfigurationLoader.parse("export A=1\n  # c\n\nB = x # y\n=bad\nC") == ["A": "1", "B": " x # y"])
    }

    @Test func unreadableFileNamesTheOption() async throws {
        guard getuid() != 0 else { return }  // root reads any file; nothing to refuse
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-unreadable-\(UUID().uuidString).env").path
        try "API_PORT=1".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        chmod(file, 0)
        await #expect(throws: ConfigurationError.self) { _ = try await ServiceConfigurationLoader.values(environmentFile: file, environment: [:]) }
    }

    @Test func missingFileIsFine() async throws {
        let values = try await ServiceConfigurationLoader.values(environmentFile: "/nonexistent/.env", environment: ["API_PORT": "9000"])
        #expect(values == ["API_PORT": "9000"])
    }

    /// `.env.example` documents exactly the variables the service reads.
    @Test func envExampleListsEveryVariable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent(".env.example"), encoding: .utf8)
        let documented = Set(text.split(separator: "\n").compactMap { line -> String? in
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
            return String(line[..<equals])
        })
        let read = Set(ServiceVariables.all.map(\.name))
        #expect(read.subtracting(documented).sorted() == [], "read by the service but missing from .env.example")
        #expect(documented.subtracting(read).sorted() == [], "in .env.example but never read")
        let example = try ServiceConfiguration(values: Dictionary(uniqueKeysWithValues: text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }))
        #expect(example.api.password == ServiceConfiguration.examplePassword)
    }
}
