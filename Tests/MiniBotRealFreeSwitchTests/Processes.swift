import Foundation

/// Child processes with a deadline: `minibot` (next to the test bundle) and the throwaway script.
enum Processes {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Wall-clock time from launch to exit.
        var elapsed: Duration
    }

    static var minibot: String {
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("minibot").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("minibot").path
    }

    /// A started child; ``wait(timeout:)`` kills it (SIGKILL) when the deadline passes.
    final class Child: @unchecked Sendable {
        let process = Process()
        let stdout: URL
        let stderr: URL
        let started = ContinuousClock.now

        init(_ executable: String, _ arguments: [String], environment: [String: String], directory: URL?) throws {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            if let directory { process.currentDirectoryURL = directory }
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            process.environment = env
            let tmp = FileManager.default.temporaryDirectory
            stdout = tmp.appendingPathComponent("rfs-\(UUID().uuidString).out")
            stderr = tmp.appendingPathComponent("rfs-\(UUID().uuidString).err")
            _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdout)
            process.standardError = try FileHandle(forWritingTo: stderr)
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }

        var isRunning: Bool { process.isRunning }

        func wait(timeout: Duration) async throws -> Result {
            let deadline = started + timeout
            while process.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            let timedOut = process.isRunning
            if timedOut {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            let elapsed = ContinuousClock.now - started
            defer {
                try? FileManager.default.removeItem(at: stdout)
                try? FileManager.default.removeItem(at: stderr)
            }
            let out = (try? String(contentsOf: stdout, encoding: .utf8)) ?? ""
            let err = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
            if timedOut {
                throw TestFailure("\(process.arguments ?? []) still running after \(timeout): killed\nstdout: \(out.suffix(2000))\nstderr: \(err.suffix(4000))")
            }
            return Result(status: process.terminationStatus, stdout: out, stderr: err, elapsed: elapsed)
        }
    }

    static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                      in directory: URL? = nil) throws -> Child {
        try Child(executable, arguments, environment: environment, directory: directory)
    }

    /// `minibot <arguments>` with the switch's environment, bounded.
    static func minibot(_ arguments: [String], environment: [String: String], in directory: URL? = nil,
                        timeout: Duration) async throws -> Result {
        try await start(minibot, arguments, environment: environment, in: directory).wait(timeout: timeout)
    }
}

/// A fresh temporary folder per test.
struct Scratch {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-rfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
    func cleanup() { try? FileManager.default.removeItem(at: url) }
}

/// 16-bit PCM WAV files (FreeSWITCH's record_session output): samples per channel and their RMS.
struct WAVFile {
    var sampleRate: Int
    var channels: [[Int16]]

    init(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 44, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF" else { throw TestFailure("\(path): not a WAV file") }
        var offset = 12
        var channelCount = 1, rate = 8000, bits = 16
        var samples: [Int16] = []
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            var size = u32(offset + 4)
            let body = offset + 8
            if id == "fmt " {
                channelCount = u16(body + 2); rate = u32(body + 4); bits = u16(body + 14)
            } else if id == "data" {
                if size == 0 || body + size > bytes.count { size = bytes.count - body }  // still being written
                guard bits == 16 else { throw TestFailure("\(path): \(bits)-bit audio") }
                samples = stride(from: body, to: body + size - 1, by: 2).map { Int16(bitPattern: UInt16(u16($0))) }
            }
            offset = body + size + (size & 1)
        }
        sampleRate = rate
        channels = (0..<channelCount).map { channel in stride(from: channel, to: samples.count, by: channelCount).map { samples[$0] } }
    }

    var seconds: Double { Double(channels.first?.count ?? 0) / Double(sampleRate) }

    static func rms(_ samples: some Collection<Int16>) -> Double {
        guard !samples.isEmpty else { return 0 }
        return (samples.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(samples.count)).squareRoot()
    }
}
