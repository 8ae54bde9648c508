import ArgumentParser
import Foundation
import MiniBotDialer
import MiniBotDispatch
import MiniBotOutbound

/// Seed `test_call.py`: one call through the configured dialer, its progress and its result.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Single calls.",
        subcommands: [CallTestCommand.self]
    )
}

struct CallTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Place one test call with a scenario through the PBX=freeswitch|asterisk|simulated line and print what happens (--dry-run: simulated PBX)."
    )

    @Argument(help: "Phone number to call.") var number: String
    @Option(help: "Scenario: a name from scenarios/ or a path.") var scenario: String
    @Flag(help: "Call the simulated PBX over loopback AudioSocket instead of a real PBX.") var dryRun = false
    @Option(help: "Simulated contact (dry run, PBX=simulated): \(SimulatedPersonas.names.joined(separator: ", ")).") var persona: String = "interesse"
    @Option(name: .customLong("contact"), help: "Template variable, e.g. --contact first_name=Jean (repeatable).") var contactPairs: [String] = []
    @Option(help: "Folder for the recording and transcript.") var recordings: String = "recordings"
    @Option(name: .customLong("env-file"), help: "Environment file to read (default .env; a missing file is fine; the environment wins).")
    var environmentFile: String = ".env"

    func run() async throws {
        let environment = try await CommandEnvironment.load(environmentFile: environmentFile)
        let pbx = try PBXSelection.configuration(dryRun: dryRun, environment: environment)
        guard SimulatedPersonas.contact(named: persona) != nil else {
            throw ValidationError("--persona \(persona): expected one of \(SimulatedPersonas.names.joined(separator: ", "))")
        }
        let phone: PhoneNumber
        do { phone = try PhoneNumber(parsing: number) } catch { throw ValidationError("\(number): \(error.reason)") }
        var variables = ["persona": persona]
        for pair in contactPairs {
            guard let equals = pair.firstIndex(of: "=") else { throw ValidationError("--contact \(pair): expected key=value") }
            variables[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        let (path, loaded) = try ScenarioLocator.load(scenario)
        let contact = Contact(phone: phone, firstName: variables["first_name"] ?? "", lastName: variables["last_name"] ?? "",
                              variables: variables, legalBasis: .contract)
        let campaign = Campaign(id: 0, name: "test call", scenario: scenario)
        let call = CallRecord(callID: 0, callUUID: CallID(), campaignID: 0, phone: phone.e164,
                              firstName: contact.firstName, status: .inProgress, startedAt: Date())
        let line = try await CallLine.choose(pbx, simulated: SimulatedLine.Options(recordingsDirectory: recordings)) {
            var options = PBXLine.Options(recognizer: try await LiveRecognizer.make(environment: environment), recordingsDirectory: recordings,
                                          soundsRoot: environment["FREESWITCH_SOUNDS_DIR"] ?? "sounds")
            options.logger = CLILogging.logger
            return options
        }
        switch line {
        case .simulated: print("📞 test call to \(phone.e164) with \(path) (simulated PBX, persona \(persona))")
        case .pbx: print("📞 test call to \(phone.e164) with \(path) (\(line.name))")
        }
        let placed: PlacedCall = try await line.with(scenario: loaded, logger: DemoCommand.quietLogger, onTurns: { _, _ in }) { placer in
            await placer.place(DialCandidate(queueID: 0, contact: contact), call: call, campaign: campaign)
        }
        let record = placed.record
        for (index, text) in record.transcriptions.enumerated() {
            let intent = index < record.intents.count ? record.intents[index] : "?"
            print("   👤 \(text)  [\(intent)]")
        }
        print("result: \(record.result?.rawValue ?? "unknown")"
            + (record.score.map { String(format: ", score %.0f", $0) } ?? "")
            + (record.durationSeconds.map { String(format: ", %.1f s", $0) } ?? "")
            + (record.amdResult.map { ", AMD \($0.seedName)" } ?? ""))
        if let recording = record.recordingPath { print("recording: \(recording)") }
        if !record.notes.isEmpty { print("why: \(record.notes)") }
    }
}
