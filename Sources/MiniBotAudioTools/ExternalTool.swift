import Foundation

/// Runs an external program (ffmpeg) and collects its output.
///
/// Output pipes are drained on their own threads while the process runs, so a chatty
/// program can never block on a full pipe.
public enum ExternalTool {
    public struct Output {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
    }

    /// Finds an executable on `PATH` (or returns nil).
    public static func locate(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public static func run(_ executable: String, _ arguments: [String]) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let collector = PipeCollector()
        try process.run()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            collector.setStdout(out.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: collector.stdout, stderr: errData)
    }
}

/// Holds the stdout bytes read on another thread until the reader joins.
private final class PipeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func setStdout(_ value: Data) {
        lock.lock(); data = value; lock.unlock()
    }

    var stdout: Data {
        lock.lock(); defer { lock.unlock() }
        return data
    }
}
