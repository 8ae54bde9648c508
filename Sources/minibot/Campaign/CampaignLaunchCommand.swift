import ArgumentParser
import Foundation
import Logging
import MiniBotDialer
import MiniBotDialogue
import MiniBotDispatch
import MiniBotOutbound
import MiniBotServer
import MiniBotStorage

/// Seed `launch_campaign.py`: dials a campaign until it is done, paused or cancelled.
/// Safe to kill at any moment: relaunching recovers interrupted calls and dials nobody twice.
struct CampaignLaunchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "launch",
        abstract: "Start (or resume) dialling a campaign through the PBX=freeswitch|asterisk|simulated line; --dry-run dials the simulated PBX."
    )

    @Argument(help: "Campaign id or name.") var campaign: String
    @Option(help: "Place at most this many calls in this run.") var limit: Int?
    @Flag(help: "One call only (seed test mode).") var testMode = false
    @Flag(help: "Dial the simulated PBX over loopback AudioSocket instead of a real PBX.") var dryRun = false
    @Option(help: "Queue entries claimed per tick.") var batchSize: Int = 20
    @Option(help: "Seconds between two call starts for this run.") var delay: Double?
    @Option(help: "This worker's name among the processes sharing the database (default: $WORKER_ID, else host-cli); a random suffix is added per run.") var worker: String?
    @Option(help: "Folder for recordings and transcripts (default: recordings/).") var recordings: String = "recordings"
    @Option(help: "Folder of the scenario's audio files (default: $FREESWITCH_SOUNDS_DIR, else sounds/).") var sounds: String?
    @Flag(help: "Dry run or loopback/ dial string only: dial outside the legal calling hours (nobody is called).") var ignoreCallingHours = false
    @Flag(help: "Stop when only work due later remains (retries, callbacks) instead of waiting for it.") var exitWhenIdle = false
    @Flag(help: "Print only the final summary.") var quiet = false
    @Option(name: .customLong("env-file"), help: "Environment file to read (default .env; a missing file is fine; the environment wins).")
    var environmentFile: String = ".env"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard batchSize > 0 else { throw ValidationError("--batch-size must be at least 1") }
        let environment = try await CommandEnvironment.load(environmentFile: environmentFile)
        let pbx = try PBXSelection.configuration(dryRun: dryRun, environment: environment)
        let workerName = WorkerIdentity.make(configured: worker ?? environment["WORKER_ID"], role: "cli")
        try await withDatabase(database) { db in
            let target = try await CampaignLookup.find(campaign, in: db)
            let (_, scenario) = try ScenarioLocator.load(target.scenario)
            // Only entries whose lease ran out (a dead worker's); a live worker's calls are never touched.
            let recovery = try await db.calls.recoverExpiredLeases(now: Date(), campaignID: target.id)
            if recovery.requeued + recovery.interrupted > 0, !quiet {
                print("recovered after an interruption: \(recovery.requeued) claim(s) requeued, \(recovery.interrupted) call(s) closed as interrupted")
            }
            let queued = try await CampaignStarter.prepare(target, in: db)
            if queued > 0, !quiet { print("campaign \(target.id): \(queued) contact(s) queued from the selection") }
            var options = CampaignDispatcher.Options()
            options.batchSize = batchSize
            options.callLimit = limit
            options.testMode = testMode ? true : nil
            options.delayBetweenCalls = delay
            options.exitWhenOnlyFutureWork = exitWhenIdle
            if ignoreCallingHours {
                guard pbx.dialsNoRealPhone else {
                    throw ValidationError("--ignore-calling-hours is only allowed with --dry-run, PBX=simulated or a loopback/ FREESWITCH_DIAL_STRING")
                }
                options.relaxCallingHours = true
            }
            let soundsRoot = sounds ?? environment["FREESWITCH_SOUNDS_DIR"] ?? "sounds"
            let concurrency = max(target.settings.maxConcurrentCalls, 1)
            var simulated = SimulatedLine.Options(recordingsDirectory: recordings, soundsRoot: soundsRoot)
            simulated.maximumConcurrentCalls = concurrency
            let line = try await CallLine.choose(pbx, simulated: simulated) {
                var lineOptions = PBXLine.Options(recognizer: try await LiveRecognizer.make(environment: environment),
                                                  recordingsDirectory: recordings, soundsRoot: soundsRoot)
                lineOptions.maximumConcurrentCalls = concurrency
                lineOptions.logger = CLILogging.logger
                return lineOptions
            }
            if case .pbx = line, !quiet { print("dialling through \(line.name) (PBX=\(line.name))") }
            let summary = try await CampaignRun.run(campaign: target, scenario: scenario, database: db, worker: workerName,
                                                    options: options, line: line, quiet: quiet)
            let stats = try await db.campaigns.stats(campaignID: target.id, now: Date())
            print(CampaignRun.resultsTable(stats, placedNow: summary.placed))
            if summary.stoppedEarly, stats.status == .running {
                print("stopped before the end: run `minibot campaign launch \(target.id)\(dryRun ? " --dry-run" : "")` to continue")
            }
        }
    }
}
