import NIOCore
import Synchronization

/// Something that sends one paced frame per tick, confined to its event loop.
protocol PacingSubscriber: AnyObject {
    /// Sends the frame for this tick; returns `true` if a frame was written.
    func sendPacedFrame() -> Bool
}

/// A timer wheel per event loop that paces every call on that loop.
///
/// One timer per call would be 25 000 timer events a second at 500 calls. One shared 20 ms
/// tick is cheap in timers but writes every call's frame in one burst: at 250 calls per loop
/// the last socket write of the burst lands several milliseconds after the deadline. So the
/// 20 ms frame period is cut into ``slotCount`` slots of 2 ms; each call is placed in the least
/// busy slot and its frames leave at `slotStart + n × 20 ms`. The wheel's own schedule is an
/// ``OutboundPacer`` at 2 ms, so nothing drifts. Only non-empty slots arm the timer, and the
/// wheel stops when no call is left.
///
/// Confined to its loop: every method must be called on `eventLoop` (reach it through
/// `NIOLoopBound`).
final class PacingTicker {
    static let slotCount = 10
    static let slotNanoseconds = OutboundPacer.frameNanoseconds / UInt64(slotCount)

    let eventLoop: any EventLoop
    private let statistics: AudioSocketStatistics
    private var pacer: OutboundPacer?
    private var slots: [[any PacingSubscriber]] = Array(repeating: [], count: PacingTicker.slotCount)
    /// Where each subscriber sits, for O(1) swap-removal.
    private var positions: [ObjectIdentifier: (slot: Int, index: Int)] = [:]
    private var scheduled: Scheduled<Void>?
    private var scheduledTick: Int?

    init(eventLoop: any EventLoop, statistics: AudioSocketStatistics) {
        self.eventLoop = eventLoop
        self.statistics = statistics
    }

    var subscriberCount: Int { positions.count }

    func add(_ subscriber: any PacingSubscriber) {
        eventLoop.assertInEventLoop()
        let key = ObjectIdentifier(subscriber)
        guard positions[key] == nil else { return }
        var slot = 0
        for candidate in 1..<Self.slotCount where slots[candidate].count < slots[slot].count { slot = candidate }
        positions[key] = (slot, slots[slot].count)
        slots[slot].append(subscriber)
        if pacer == nil {
            let start = NIODeadline.now().uptimeNanoseconds + Self.slotNanoseconds
            pacer = OutboundPacer(startNanoseconds: start, intervalNanoseconds: Self.slotNanoseconds,
                                  maximumBurst: Self.slotCount * 5)
        }
        armTimer()
    }

    /// Sends `subscriber`'s next frame now and moves it to the slot whose tick just passed, so its
    /// following frames leave 20 ms after this one: a prompt that starts after idle silence goes out
    /// at once instead of waiting up to 20 ms for its slot. Returns `true` when the tick of that slot
    /// is still due (the timer runs a little behind): the subscriber must skip it, or it would send
    /// two frames back to back.
    func sendNow(_ subscriber: any PacingSubscriber) -> Bool {
        eventLoop.assertInEventLoop()
        let key = ObjectIdentifier(subscriber)
        guard let pacer, let (slot, index) = positions[key] else {
            _ = subscriber.sendPacedFrame()
            return false
        }
        let now = NIODeadline.now().uptimeNanoseconds
        let currentTick = now > pacer.startNanoseconds ? Int((now - pacer.startNanoseconds) / Self.slotNanoseconds) : 0
        let target = currentTick % Self.slotCount
        if target != slot {
            let last = slots[slot].removeLast()
            if index < slots[slot].count {
                slots[slot][index] = last
                positions[ObjectIdentifier(last)] = (slot, index)
            }
            positions[key] = (target, slots[target].count)
            slots[target].append(subscriber)
        }
        _ = subscriber.sendPacedFrame()
        armTimer()
        return pacer.nextFrame <= currentTick
    }

    func remove(_ subscriber: any PacingSubscriber) {
        eventLoop.assertInEventLoop()
        guard let (slot, index) = positions.removeValue(forKey: ObjectIdentifier(subscriber)) else { return }
        let last = slots[slot].removeLast()
        if index < slots[slot].count {
            slots[slot][index] = last
            positions[ObjectIdentifier(last)] = (slot, index)
        }
        if positions.isEmpty {
            scheduled?.cancel()
            scheduled = nil
            scheduledTick = nil
            pacer = nil
        }
    }

    /// Arms the timer for the next tick whose slot has calls (re-arms if that is sooner).
    private func armTimer() {
        guard let pacer, !positions.isEmpty else { return }
        var tick = pacer.nextFrame
        while slots[tick % Self.slotCount].isEmpty { tick += 1 }
        if let scheduledTick, scheduledTick <= tick { return }
        scheduled?.cancel()
        scheduledTick = tick
        let bound = NIOLoopBound(self, eventLoop: eventLoop)
        scheduled = eventLoop.scheduleTask(deadline: NIODeadline.uptimeNanoseconds(pacer.deadline(ofFrame: tick))) {
            bound.value.fire()
        }
    }

    private func fire() {
        scheduled = nil
        scheduledTick = nil
        guard var pacer else { return }
        let threshold = pacer.lateThresholdNanoseconds
        let due = pacer.framesDue(at: NIODeadline.now().uptimeNanoseconds)
        var sent = 0
        var late = 0
        var worst: UInt64 = 0
        for _ in 0..<due {
            let deadline = pacer.nextDeadline
            for subscriber in slots[pacer.nextFrame % Self.slotCount] where subscriber.sendPacedFrame() {
                let now = NIODeadline.now().uptimeNanoseconds
                let lateness = now > deadline ? now - deadline : 0
                sent += 1
                if lateness > threshold { late += 1 }
                if lateness > worst { worst = lateness }
            }
            pacer.recordSend(at: deadline)
        }
        statistics.recordPacing(framesSent: sent, lateFrames: late, worstLatenessNanoseconds: worst)
        if self.pacer != nil {
            self.pacer = pacer
            armTimer()
        }
    }
}

/// One ``PacingTicker`` per event loop, created on first use.
final class PacingTickerRegistry: Sendable {
    let statistics: AudioSocketStatistics
    private let tickers = Mutex<[ObjectIdentifier: NIOLoopBound<PacingTicker>]>([:])

    init(statistics: AudioSocketStatistics) {
        self.statistics = statistics
    }

    /// The ticker of `eventLoop`; call on that loop.
    func ticker(for eventLoop: any EventLoop) -> NIOLoopBound<PacingTicker> {
        let key = ObjectIdentifier(eventLoop)
        return tickers.withLock { tickers in
            if let existing = tickers[key] { return existing }
            let created = NIOLoopBound(PacingTicker(eventLoop: eventLoop, statistics: statistics), eventLoop: eventLoop)
            tickers[key] = created
            return created
        }
    }
}
