import Foundation
import Testing

/// `minibot serve` with PBX=freeswitch opens the line once and dials two campaigns through it at
/// the same time (each campaign used to open its own media listener: the second one failed), then
/// SIGTERM ends it with exit 0 and no channel left.
@Suite("RealFreeSwitch serve", .serialized, .timeLimit(.minutes(5)), .enabled(if: RealFreeSwitch.isAvailable, RealFreeSwitch.skipReason))
struct RealFreeSwitchServeTests {
    static let token = "real-freeswitch-serve-secret"

    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func api(_ port: Int, _ method: String, _ path: String, body: String? = nil) async throws -> String {
        var arguments = ["-s", "-f", "-m", "5", "-X", method, "-H", "Authorization: Bearer \(token)"]
        if let body { arguments += ["-H", "Content-Type: application/json", "-d", body] }
        let result = try await Processes.start("/usr/bin/curl", arguments + ["http://127.0.0.1:\(port)\(path)"]).wait(timeout: .seconds(10))
        guard result.status == 0 else { throw TestFailure("\(method) \(path): curl exit \(result.status)") }
        return result.stdout
    }

    @Test func twoCampaignsAtOnceThroughOneLine() async throws {
        let dir = try Scratch()
        defer { dir.cleanup() }
        let database = "sqlite:" + dir.path("serve.sqlite")
        let first = try await RealFreeSwitchCLITests.makeCampaign(dir, database: database, numbers: [
            (RealFreeSwitch.Callee.answer.number(block: 40), "a1"), (RealFreeSwitch.Callee.busy.number(block: 40), "b1"),
        ], maxConcurrent: 2)
        let second = try await RealFreeSwitchCLITests.makeCampaign(dir, database: database, numbers: [
            (RealFreeSwitch.Callee.answer.number(block: 41), "a2"), (RealFreeSwitch.Callee.noAnswer.number(block: 41), "n2"),
        ], maxConcurrent: 2)
        let port = Self.freePort()
        var environment = RealFreeSwitch.minibotEnvironment(ringTimeout: 5)
        environment.merge(["DATABASE_URL": database, "API_PORT": "\(port)", "API_PASSWORD": Self.token,
                           "RECORDINGS_DIR": dir.path("rec"), "SHUTDOWN_GRACE_SECONDS": "10", "LOG_LEVEL": "notice"]) { $1 }
        let serve = try Processes.start(Processes.minibot, ["serve", "--ignore-calling-hours", "--env-file", "/dev/null"],
                                        environment: environment, in: dir.url)
        try await eventually(.seconds(30), "serve answers") { (try? await Self.api(port, "GET", "/health")) != nil }
        for id in [first, second] {
            _ = try await Self.api(port, "PATCH", "/campaigns/\(id)/status", body: #"{"action": "start"}"#)
        }
        try await eventually(.seconds(90), "both campaigns complete") {
            var done = true
            for id in [first, second] {
                let json = try await Self.api(port, "GET", "/campaigns/\(id)")
                done = done && json.contains(#""status":"completed""#)
            }
            return done
        }
        kill(serve.process.processIdentifier, SIGTERM)
        let exit = try await serve.wait(timeout: .seconds(20))
        #expect(exit.status == 0, "\(exit.stderr.suffix(3000))")
        #expect(!exit.stderr.contains("ddress already in use"), "one media listener for both campaigns")

        let a = try await RealFreeSwitchCLITests.export(first, database: database, dir: dir)
        let b = try await RealFreeSwitchCLITests.export(second, database: database, dir: dir)
        let answeredA = a[RealFreeSwitchCLITests.e164(RealFreeSwitch.Callee.answer.number(block: 40))]?["result"]
        let answeredB = b[RealFreeSwitchCLITests.e164(RealFreeSwitch.Callee.answer.number(block: 41))]?["result"]
        #expect(answeredA != nil && !RealFreeSwitchCLITests.unanswered.contains(answeredA!), "campaign 1 answered call: \(a)\n\(exit.stderr.suffix(6000))")
        #expect(answeredB != nil && !RealFreeSwitchCLITests.unanswered.contains(answeredB!), "campaign 2 answered call: \(b)")
        #expect(a[RealFreeSwitchCLITests.e164(RealFreeSwitch.Callee.busy.number(block: 40))]?["result"] == "busy")
        #expect(b[RealFreeSwitchCLITests.e164(RealFreeSwitch.Callee.noAnswer.number(block: 41))]?["result"] == "no_answer")
        try await RealFreeSwitch.withClient { client in
            try await eventually(.seconds(3), "no channel left") { try await RealFreeSwitch.channelCount(client) == 0 }
        }
    }
}
