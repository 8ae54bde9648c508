import Foundation
import Testing
@testable import MiniBotDialer

@Suite("CallPacer")
struct CallPacerTests {
    let t0 = at("2026-11-24T10:00:00+01:00")

    @Test("Minimum gap between call starts")
    func gap() {
        var pacer = CallPacer(callsPerMinute: nil, minimumGap: 2)
        let first = pacer.tryAcquire(now: t0)
        let tooSoon = pacer.tryAcquire(now: t0.addingTimeInterval(1.999))
        #expect(first && !tooSoon)
        #expect(pacer.nextAvailable(now: t0.addingTimeInterval(1)) == t0.addingTimeInterval(2))
        let onTime = pacer.tryAcquire(now: t0.addingTimeInterval(2))
        #expect(onTime)
    }

    @Test("Calls per minute: 30/min allows one start every 2 s on average, burst 1")
    func rate() {
        var pacer = CallPacer(callsPerMinute: 30)
        var started = 0
        for tenth in 0..<600 { // one minute in 100 ms steps
            if pacer.tryAcquire(now: t0.addingTimeInterval(Double(tenth) / 10)) { started += 1 }
        }
        #expect(started == 30)
    }

    @Test("nextAvailable says exactly when the next token arrives")
    func nextAvailable() {
        var pacer = CallPacer(callsPerMinute: 6) // one per 10 s
        let first = pacer.tryAcquire(now: t0)
        #expect(first)
        #expect(pacer.nextAvailable(now: t0.addingTimeInterval(4)) == t0.addingTimeInterval(10))
        let early = pacer.tryAcquire(now: t0.addingTimeInterval(9.9))
        let due = pacer.tryAcquire(now: t0.addingTimeInterval(10))
        #expect(!early && due)
    }

    @Test("Burst allows that many back-to-back starts after a quiet period")
    func burst() {
        var pacer = CallPacer(callsPerMinute: 60, burst: 3)
        let starts = (0..<4).map { _ in pacer.tryAcquire(now: t0) }
        #expect(starts == [true, true, true, false])
        let later = pacer.tryAcquire(now: t0.addingTimeInterval(1))
        #expect(later)
    }
}
