import Foundation
import Testing

/// `minibot call test` with `PBX=asterisk`, as a user runs it, against the real Asterisk.
@Suite("RealAsterisk minibot call test", .serialized, .enabled(if: RealAsterisk.isAvailable, RealAsterisk.skipReason),
       .timeLimit(.minutes(3)))
struct RealAsteriskCLITests {
    let asterisk = RealAsterisk.instance

    /// The built `minibot` next to the test bundle (`.build/<triple>/debug`).
    static var executable: String {
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("minibot").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("minibot").path
    }

    func callTest(_ national: String, amdContext: String?) async throws -> Subprocess.Result {
        let folder = try TemporaryFolder()
        let scenario = try ProbeScenario.write()
        defer { try? FileManager.default.removeItem(atPath: scenario) }
        var environment = asterisk.environment(amdContext: amdContext, ringTimeout: 5)
        environment["STT_ENGINE"] = "simulated"
        return try await Subprocess.run(Self.executable, ["call", "test", national, "--scenario", scenario,
                                                          "--recordings", folder.path + "/recordings"],
                                        environment: environment, directory: folder.path, timeout: .seconds(60))
    }

    @Test func answeredCallThroughTheCLI() async throws {
        // A person (the process synthesises its first prompt after the answer: a callee who hangs
        // up after 2 s may hang up before the bot speaks).
        let number = RealAsterisk.number(.person)
        let result = try await callTest(number, amdContext: nil)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("(asterisk)"), "\(result.stdout)")
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("result: ") }, "\(result.stdout)\n\(result.stderr)")
        // Answered and talked to (the dialogue's result: the simulated recognizer hears no words).
        #expect(!line.contains("failed") && !line.contains("busy") && !line.contains("answering_machine"), "\(result.stdout)")
        #expect(line.contains("AMD HUMAN"), "\(result.stdout)")
        #expect(!result.stdout.contains("why: PBX"), "\(result.stdout)")
        #expect(result.stdout.contains("recording: "), "\(result.stdout)")
        let heard = try await asterisk.heard(number)
        #expect(rms(heard) > audibleRMS / 4)
    }

    @Test func busyAndVoicemailThroughTheCLIOnTheAMDRoute() async throws {
        let busy = try await callTest(RealAsterisk.number(.busy), amdContext: "minibot-amd")
        #expect(busy.stdout.contains("result: busy"), "\(busy.stdout)\n\(busy.stderr)")
        let machine = try await callTest(RealAsterisk.number(.voicemail), amdContext: "minibot-amd")
        #expect(machine.stdout.contains("result: answering_machine"), "\(machine.stdout)\n\(machine.stderr)")
        #expect(machine.stdout.contains("AMD MACHINE"), "\(machine.stdout)")
    }
}
