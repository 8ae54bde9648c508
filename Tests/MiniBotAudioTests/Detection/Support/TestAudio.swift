import Foundation
import Testing

/// Test audio made on the fly with espeak-ng (French speech) and sox (noise, tones), read
/// back as 8 kHz signed 16-bit little-endian samples. Nothing here is checked in: the truth
/// of every test is computed from the clean signal it builds.
enum TestAudio {
    enum Failure: Error, CustomStringConvertible {
        case toolFailed(String, Int32, String)
        var description: String {
            switch self {
            case let .toolFailed(command, status, stderr): "\(command) exited \(status): \(stderr)"
            }
        }
    }

    /// Whether espeak-ng and sox can be run; tests needing them are disabled otherwise,
    /// with the message `toolsMissingMessage`.
    static let toolsAvailable: Bool = ["espeak-ng", "sox"].allSatisfy { path(of: $0) != nil }
    static let toolsMissingMessage: Comment = "needs espeak-ng and sox on PATH (apt-get install espeak-ng sox)"

    static func path(of tool: String) -> String? {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for directory in directories + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(directory)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// French speech from espeak-ng, resampled to 8 kHz mono s16.
    static func speech(_ text: String, voice: String = "fr", speed: Int = 160) throws -> [Int16] {
        let wav = try run("espeak-ng", ["-v", voice, "-s", String(speed), "--stdout", text])
        return try samples(try run("sox", ["-t", "wav", "-", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-"], input: wav))
    }

    /// Repeatable (`sox -R`) white noise, optionally band-limited to the telephone band
    /// 300–3400 Hz, scaled later by the caller.
    static func noise(seconds: Double, telephoneBand: Bool = true, seedShift: Int = 0) throws -> [Int16] {
        var arguments = ["-R", "-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-",
                         "synth", String(seconds + Double(seedShift) * 0.37), "whitenoise", "vol", "0.5"]
        if telephoneBand { arguments += ["sinc", "300-3400"] }
        let all = try samples(try run("sox", arguments))
        // Different lengths give different draws of the same generator; keep the tail.
        let wanted = Int(seconds * 8_000)
        return Array(all.suffix(wanted))
    }

    static func run(_ tool: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path(of: tool) ?? "/usr/bin/\(tool)")
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = input.map { _ in Pipe() }
        if let inputPipe { process.standardInput = inputPipe } else { process.standardInput = FileHandle.nullDevice }
        try process.run()
        // Feed stdin on another thread so a full stdout pipe cannot deadlock us.
        if let inputPipe, let input {
            let writer = inputPipe.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(input)
                try? writer.close()
            }
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.toolFailed("\(tool) \(arguments.joined(separator: " "))", process.terminationStatus,
                                     String(decoding: stderr, as: UTF8.self))
        }
        return data
    }

    /// Little-endian s16 bytes → samples (an odd trailing byte is dropped).
    static func samples(_ data: Data) throws -> [Int16] {
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
    }
}

/// Signal arithmetic used to build test cases.
enum Signal {
    static func silence(ms: Int) -> [Int16] { [Int16](repeating: 0, count: ms * 8) }

    static func rms(_ x: [Int16]) -> Double {
        guard !x.isEmpty else { return 0 }
        return (x.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(x.count)).squareRoot()
    }

    /// Scales to a given RMS (saturating).
    static func scaled(_ x: [Int16], toRMS target: Double) -> [Int16] {
        let current = rms(x)
        guard current > 0 else { return x }
        return scaled(x, by: target / current)
    }

    static func scaled(_ x: [Int16], by gain: Double) -> [Int16] {
        x.map { clamp(Double($0) * gain) }
    }

    static func clamp(_ value: Double) -> Int16 {
        Int16(max(-32_768, min(32_767, value.rounded())))
    }

    /// Sample-wise sum, the shorter signal padded with zeros.
    static func mix(_ a: [Int16], _ b: [Int16]) -> [Int16] {
        (0..<max(a.count, b.count)).map { i in
            clamp(Double(i < a.count ? a[i] : 0) + Double(i < b.count ? b[i] : 0))
        }
    }

    /// Cuts into 160-sample frames (the last partial frame is zero-padded).
    static func frames(_ x: [Int16], size: Int = 160) -> [[Int16]] {
        stride(from: 0, to: x.count, by: size).map { start in
            var frame = Array(x[start..<min(start + size, x.count)])
            if frame.count < size { frame += [Int16](repeating: 0, count: size - frame.count) }
            return frame
        }
    }

    /// RMS of the frames whose energy is within 30 dB of the loudest one (the "active" speech
    /// level that SNRs refer to).
    static func activeRMS(_ x: [Int16]) -> Double {
        let energies = frames(x).map { rms($0) }
        let loudest = energies.max() ?? 0
        let active = energies.filter { $0 > loudest * 0.0316 }
        guard !active.isEmpty else { return 0 }
        return (active.reduce(0) { $0 + $1 * $1 } / Double(active.count)).squareRoot()
    }
}
