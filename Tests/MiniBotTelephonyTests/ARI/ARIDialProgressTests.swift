@testable import MiniBotTelephony
import Testing

/// How the ARI events of one originate become its outcome (what a real Asterisk sends: see
/// MiniBotRealAsteriskTests for the same cases end to end).
@Suite("ARI dial progress")
struct ARIDialProgressTests {
    func event(_ type: String, cause: Int? = nil, args: [String]? = nil, dialstatus: String? = nil,
               variable: String? = nil, value: String? = nil, peer: Bool = false) -> ARIChannelEvent {
        let channel = ARIChannel(id: "c1")
        return ARIChannelEvent(ARIEvent(type: type, channel: peer ? nil : channel, args: args, cause: cause, variable: variable,
                                        value: value, peer: peer ? channel : nil, dialstatus: dialstatus))
    }

    @Test(arguments: [
        ("BUSY", 0, 17), ("CONGESTION", 0, 34), ("CHANUNAVAIL", 0, 44), ("CHANUNAVAIL", 1, 1), ("NOANSWER", 0, 19),
        ("NOANSWER", 16, 19), ("NOANSWER", 1, 1), ("CONGESTION", 28, 28), ("", 17, 17), ("", 0, 19), ("", 1, 1),
    ])
    func dialStatusAndCauseGiveTheUnansweredCause(status: String, cause: Int, expected: Int) {
        let progress = DialProgress(expectsMachineDetection: false)
        #expect(progress.handle(event("Dial", dialstatus: status, peer: true)) == nil)
        #expect(progress.handle(event("ChannelHangupRequest", cause: cause)) == nil)
        #expect(progress.handle(event("ChannelDestroyed", cause: cause)) == .ended)
        #expect(progress.unansweredCause.code == expected)
    }

    @Test func busyReportedOnlyByTheDialEventIsBusy() {
        // Asterisk, Local/… endpoint answering Busy(): cause 0 on our channel, BUSY in the Dial event.
        let progress = DialProgress(expectsMachineDetection: false)
        _ = progress.handle(event("Dial", dialstatus: "", peer: true))
        _ = progress.handle(event("Dial", dialstatus: "BUSY", peer: true))
        #expect(progress.handle(event("ChannelDestroyed", cause: 0)) == .ended)
        #expect(DialOutcome(unansweredCause: progress.unansweredCause) == .busy(Q850Cause(code: 17)))
    }

    @Test func amdRouteGoesOnToTheContextThenAnswersWithTheVerdict() {
        let progress = DialProgress(expectsMachineDetection: true)
        #expect(progress.handle(event("StasisStart", args: ["amd"])) == .enterMachineDetection)
        #expect(progress.handle(event("StasisEnd")) == nil)
        #expect(progress.handle(event("ChannelVarset", variable: "AMDSTATUS", value: "HUMAN")) == nil)
        #expect(progress.handle(event("ChannelVarset", variable: "AMDCAUSE", value: "HUMAN-300-800")) == nil)
        #expect(progress.handle(event("StasisStart", args: ["HUMAN", "HUMAN-300-800"])) == .answered)
        #expect(progress.machineDetection == PBXMachineDetection(verdict: .human, cause: "HUMAN-300-800"))
    }

    @Test func hangupDuringAMDEndsTheAttempt() {
        let progress = DialProgress(expectsMachineDetection: true)
        _ = progress.handle(event("StasisStart", args: ["amd"]))
        _ = progress.handle(event("StasisEnd"))
        #expect(progress.handle(event("ChannelDestroyed", cause: 16)) == .ended)
    }

    @Test func calleeLeavingAfterTheAnswerRunsTheGoneActionOnce() {
        let progress = DialProgress(expectsMachineDetection: false)
        #expect(progress.handle(event("StasisStart", args: ["dialed"])) == .answered)
        let count = Counter()
        progress.onCalleeGone { count.increment() }
        #expect(count.value == 0)
        _ = progress.handle(event("ChannelHangupRequest", cause: 16))
        _ = progress.handle(event("StasisEnd"))
        _ = progress.handle(event("ChannelDestroyed", cause: 16))
        #expect(count.value == 1)
        // Registered after the fact: runs at once.
        let late = Counter()
        progress.onCalleeGone { late.increment() }
        #expect(late.value == 1)
    }
}

import Synchronization
final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func increment() { count.withLock { $0 += 1 } }
}
