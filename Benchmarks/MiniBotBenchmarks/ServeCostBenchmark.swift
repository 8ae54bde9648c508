import Foundation
import Logging
import MiniBotTelephony

/// `minibot-bench serve-cost CALLS SECONDS`: the frame path's cost as an operator would measure it.
/// Starts `minibot serve --audiosocket` (the `minibot` built next to this benchmark, inbound
/// scenario `sav_inbound`, simulated recogniser, recordings on, SQLite), runs `minibot-bench probe`
/// in another process so the callers' CPU is not the bot's, and reports the server's CPU seconds
/// over the run (from `/proc/<pid>/stat`), CPU per call-second, the probe's late share, and the
/// server's resident memory per call (peak during the run minus the idle figure).
/// Run from the repository root (it reads `scenarios/`), release build:
/// `swift build -c release && .build/release/minibot-bench serve-cost 300 6`.
/// `floor: true` starts `minibot-bench floor-server` instead: the same AudioSocket server, pacing and
/// probe with no call behind it (no runner, VAD, AMD, recording or database): the transport's own
/// cost (SwiftNIO and the kernel's TCP), below which `serve` cannot go.
func serveCostBenchmark(calls: Int, seconds: Int, floor: Bool = false) async {
    let benchPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    let minibot = benchPath.deletingLastPathComponent().appendingPathComponent("minibot").path
    guard FileManager.default.isExecutableFile(atPath: minibot) else {
        print("serve-cost: \(minibot) not found: build both products (swift build -c release)")
        return
    }
    guard FileManager.default.fileExists(atPath: "scenarios/sav_inbound.json") else {
        print("serve-cost: run from the repository root (scenarios/)")
        return
    }
    let directory = NSTemporaryDirectory() + "minibot-serve-cost-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let port = 21_000 + Int.random(in: 0..<2_000)
    let server = Process()
    server.executableURL = floor ? benchPath : URL(fileURLWithPath: minibot)
    server.arguments = floor ? ["floor-server", "127.0.0.1:\(port)"]
        : ["serve", "--env-file", "/dev/null", "--audiosocket", "127.0.0.1:\(port)", "--scenario", "sav_inbound",
           "--api", "127.0.0.1:\(port + 1)"]
    var environment = ProcessInfo.processInfo.environment
    environment["DATABASE_URL"] = "sqlite:\(directory)/cost.sqlite"
    environment["API_PASSWORD"] = "serve-cost-token-0123456789"
    environment["STT_ENGINE"] = "simulated"
    environment["RECORDINGS_DIR"] = directory + "/recordings"
    environment["MAX_INBOUND_CALLS"] = String(calls + 10)
    environment["LOG_LEVEL"] = "error"
    server.environment = environment
    server.standardOutput = FileHandle.nullDevice
    do { try server.run() } catch {
        print("serve-cost: could not start \(minibot): \(error)")
        return
    }
    defer {
        if server.isRunning { server.terminate(); server.waitUntilExit() }
    }
    guard await waitForPort(port, seconds: 30) else {
        print("serve-cost: serve did not listen on 127.0.0.1:\(port) within 30 s")
        return
    }
    try? await Task.sleep(for: .seconds(1))
    let pid = server.processIdentifier
    let idleRSS = ProcFile.residentKiB(pid: pid) ?? 0
    let cpuBefore = ProcFile.cpuSeconds(pid: pid) ?? 0

    let probe = Process()
    probe.executableURL = benchPath
    probe.arguments = ["probe", "127.0.0.1:\(port)", String(calls), String(seconds)]
    let output = Pipe()
    probe.standardOutput = output
    do { try probe.run() } catch {
        print("serve-cost: could not start the probe: \(error)")
        return
    }
    var peakRSS = idleRSS
    while probe.isRunning {
        peakRSS = max(peakRSS, ProcFile.residentKiB(pid: pid) ?? 0)
        try? await Task.sleep(for: .milliseconds(250))
    }
    let cpuAfter = ProcFile.cpuSeconds(pid: pid) ?? 0
    let probeText = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let machine = probeText.split(separator: "\n").last { $0.hasPrefix("probe calls=") }.map(String.init) ?? ""
    let fields = Dictionary(machine.split(separator: " ").dropFirst().compactMap { pair -> (String, String)? in
        let kv = pair.split(separator: "=", maxSplits: 1)
        return kv.count == 2 ? (String(kv[0]), String(kv[1])) : nil
    }, uniquingKeysWith: { $1 })
    let cpu = cpuAfter - cpuBefore
    let callSeconds = Double(calls * seconds)
    print(probeText.split(separator: "\n").first.map(String.init) ?? "probe: no output")
    print((floor ? "transport floor" : "serve-cost") + String(format: ": %d calls × %d s: server CPU %.2f s, %.3f ms CPU per call-second, %@ %% frames late > 5 ms, RSS %.0f KiB per call (idle %.1f MiB, peak %.1f MiB)",
                 calls, seconds, cpu, cpu / callSeconds * 1_000, fields["late_share"] ?? "?",
                 Double(peakRSS - idleRSS) / Double(max(calls, 1)), Double(idleRSS) / 1_024, Double(peakRSS) / 1_024))
}

private func waitForPort(_ port: Int, seconds: Int) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        close(fd)
        if connected == 0 { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return false
}

/// Reads a process's CPU time and resident memory from `/proc` (Linux).
enum ProcFile {
    /// utime + stime, seconds.
    static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    static func residentKiB(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }
}

/// `minibot-bench floor-server HOST:PORT`: an AudioSocket server with nothing behind its calls (the
/// events go to a sink that only waits for the hang-up; the bot side sends paced idle silence),
/// for `serve-cost --floor`. Runs until killed.
func floorServer(target: String) async {
    let parts = target.split(separator: ":")
    guard parts.count == 2, let port = Int(parts[1]) else {
        print("floor-server: expected HOST:PORT, got \(target)")
        return
    }
    var logger = Logger(label: "minibot.floor")
    logger.logLevel = .error
    do {
        let server = try await AudioSocketServer.bind(
            configuration: .init(host: String(parts[0]), port: port, maximumConcurrentCalls: 20_000), logger: logger)
        try await server.run { session in
            let (ended, end) = AsyncStream.makeStream(of: Void.self)
            let pushed = await session.deliverEvents { event in
                if case .hangup = event { end.finish() }
            }
            if pushed {
                for await _ in ended {}
            } else {
                for await _ in session.events {}
            }
        }
    } catch {
        print("floor-server: \(error)")
    }
}
