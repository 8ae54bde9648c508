import Foundation

/// Runs the built `minibot` executable (it sits next to the test bundle in `.build/<triple>/debug`).
enum Minibot {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: URL {
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        // On Linux the test runner is `<dir>/<Package>PackageTests.xctest`; be tolerant of bundle layouts too.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("minibot").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("minibot")
    }

    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], in directory: URL? = nil) throws -> Result {
        try Shell.run(executable.path, arguments, stdin: stdin, environment: environment, in: directory)
    }
}

enum Shell {
    static func which(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
                    in directory: URL? = nil) throws -> Minibot.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let inPipe = Pipe(), outFile = temporaryFile(), errFile = temporaryFile()
        process.standardInput = inPipe
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        if let stdin { inPipe.fileHandleForWriting.write(Data(stdin.utf8)) }
        try inPipe.fileHandleForWriting.close()
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(at: outFile)
            try? FileManager.default.removeItem(at: errFile)
        }
        return Minibot.Result(status: process.terminationStatus,
                              stdout: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                              stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    private static func temporaryFile() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-test-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }
}

/// A fresh temporary folder per test, removed by the caller with `cleanup()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func cleanup() { try? FileManager.default.removeItem(at: url) }
}
