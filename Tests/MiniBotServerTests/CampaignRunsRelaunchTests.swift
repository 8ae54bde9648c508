import Foundation
import Testing
@testable import MiniBotServer

/// The dialler's decisions without a database, a line or a clock: launch, pause, resume while
/// pausing (relaunch), a failed run's back-off, shutdown.
@Suite struct CampaignRunsRelaunchTests {
    @Test func aCampaignRunsOnceAndASecondLaunchStartsNothing() {
        var runs = CampaignRuns<String>()
        #expect(runs.launch(7, run: "first") == .start)
        #expect(runs.launch(7, run: "second") == .alreadyRunning)
        #expect(runs.runs == ["first"])
        #expect(runs.campaignIDs == [7])
        #expect(runs.runEnded(7) == false, "ended without a resume: not launched again")
        #expect(runs.campaignIDs.isEmpty)
    }

    @Test func resumedWhilePausingIsRelaunchedWhenTheOldRunHasDrained() {
        var runs = CampaignRuns<String>()
        _ = runs.launch(3, run: "run")
        #expect(runs.stop(3) == "run")
        #expect(runs.launch(3, run: "new") == .alreadyRunning, "the old run still finishes its live calls")
        #expect(runs.runs == ["run"])
        #expect(runs.runEnded(3) == true)
        #expect(runs.launch(3, run: "new") == .start)
    }

    @Test func aResumeThenAPauseAgainForgetsTheRelaunch() {
        var runs = CampaignRuns<String>()
        _ = runs.launch(3, run: "run")
        _ = runs.stop(3)
        _ = runs.launch(3, run: "new")
        _ = runs.stop(3)
        #expect(runs.runEnded(3) == false)
    }

    @Test func aResumeWithoutAPauseIsNotARelaunch() {
        var runs = CampaignRuns<String>()
        _ = runs.launch(3, run: "run")
        _ = runs.launch(3, run: "again")
        #expect(runs.runEnded(3) == false)
        #expect(runs.stop(3) == nil, "nothing runs any more")
    }

    @Test func shutdownRefusesLaunchesCancelsRelaunchesAndReportsTheFirstTimeOnly() {
        var runs = CampaignRuns<String>()
        _ = runs.launch(1, run: "a")
        _ = runs.launch(2, run: "b")
        _ = runs.stop(2)
        _ = runs.launch(2, run: "b2")
        let first = runs.beginShutdown()
        #expect(first.first && Set(first.runs) == ["a", "b"])
        #expect(runs.beginShutdown().first == false)
        #expect(runs.launch(9, run: "late") == .refusedShuttingDown)
        #expect(runs.runEnded(2) == false, "no relaunch once shutting down")
        #expect(runs.shuttingDown)
    }

    @Test func theWatcherLeavesAFailedCampaignAloneForTenSeconds() {
        var runs = CampaignRuns<String>()
        let failure = Date(timeIntervalSince1970: 1_000)
        #expect(runs.shouldJoin(5, now: failure))
        _ = runs.launch(5, run: "run")
        #expect(!runs.shouldJoin(5, now: failure), "already running here")
        _ = runs.runEnded(5, failedAt: failure)
        #expect(!runs.shouldJoin(5, now: failure.addingTimeInterval(9.9)))
        #expect(runs.shouldJoin(5, now: failure.addingTimeInterval(10)))
        runs.launchFailed(5, at: failure.addingTimeInterval(20))
        #expect(!runs.shouldJoin(5, now: failure.addingTimeInterval(25)))
        #expect(runs.shouldJoin(6, now: failure), "other campaigns are not held back")
    }
}
