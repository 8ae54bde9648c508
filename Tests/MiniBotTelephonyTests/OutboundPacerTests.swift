import Testing
@testable import MiniBotTelephony

@Suite("Outbound pacer (pure, injected time)")
struct OutboundPacerTests {
    let ms: UInt64 = 1_000_000
    let start: UInt64 = 7_000_000_000

    @Test("deadline of frame n is start + n × 20 ms")
    func deadlines() {
        let pacer = OutboundPacer(startNanoseconds: start)
        #expect(pacer.deadline(ofFrame: 0) == start)
        #expect(pacer.deadline(ofFrame: 1) == start + 20 * ms)
        #expect(pacer.deadline(ofFrame: 2_999) == start + 59_980 * ms)
        #expect(pacer.lateness(ofFrame: 2, sentAt: start + 46 * ms) == 6 * ms)
        #expect(pacer.lateness(ofFrame: 2, sentAt: start + 39 * ms) == 0)
    }

    /// A timer that always fires 0–4.9 ms late, re-armed for `nextDeadline`, for 60 s: frame 3000
    /// is still due exactly at start + 60 s and no lateness accumulates. A naive "now + 20 ms"
    /// re-arm would have drifted by the sum of the jitter (computed alongside to show the contrast).
    @Test("no drift over 3000 frames (60 s) with a jittery timer")
    func noDriftOver60Seconds() {
        var pacer = OutboundPacer(startNanoseconds: start)
        var naiveNow = start
        var maxLateness: UInt64 = 0
        for n in 0..<3_000 {
            let jitter = UInt64((n * 7_919) % 4_900) * 1_000 // deterministic 0…4.899 ms
            let fire = pacer.nextDeadline + jitter
            let due = pacer.framesDue(at: fire)
            #expect(due == 1, "frame \(n)")
            maxLateness = max(maxLateness, pacer.recordSend(at: fire))
            naiveNow += 20 * ms + jitter
        }
        #expect(pacer.framesSent == 3_000)
        #expect(pacer.nextDeadline == start + 60_000 * ms)
        #expect(pacer.lateFrames == 0)
        #expect(maxLateness < 5 * ms)
        #expect(naiveNow - start > 60_000 * ms + 1_000 * ms, "the naive scheduler drifts by seconds")
    }

    @Test("an early wake-up sends nothing")
    func earlyWakeUp() {
        var pacer = OutboundPacer(startNanoseconds: start)
        #expect(pacer.framesDue(at: start - 1) == 0)
        #expect(pacer.framesDue(at: start) == 1)
    }

    @Test("a 45 ms stall sends the missed frames in a burst and counts them late")
    func burstAfterStall() {
        var pacer = OutboundPacer(startNanoseconds: start)
        let now = start + 45 * ms
        let due = pacer.framesDue(at: now)
        #expect(due == 3) // frames 0 (45 ms late), 1 (25 ms), 2 (5 ms)
        for _ in 0..<due { pacer.recordSend(at: now) }
        #expect(pacer.lateFrames == 2)
        #expect(pacer.maximumLatenessNanoseconds == 45 * ms)
        #expect(pacer.nextDeadline == start + 60 * ms)
    }

    @Test("a stall longer than the burst cap skips ahead instead of flooding")
    func skipAfterLongStall() {
        var pacer = OutboundPacer(startNanoseconds: start, maximumBurst: 5)
        let now = start + 1_000 * ms // 51 frames due
        let due = pacer.framesDue(at: now)
        #expect(due == 5)
        #expect(pacer.skippedFrames == 46)
        for _ in 0..<due { pacer.recordSend(at: now) }
        #expect(pacer.nextDeadline == start + 1_020 * ms)
        #expect(pacer.lateFrames == 4) // frames 46…49 are late, frame 50 is on time
    }
}
