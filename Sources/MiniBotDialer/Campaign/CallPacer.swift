import Foundation

/// Paces call starts: a token bucket for calls-per-minute (burst of one minute's worth
/// is avoided: the bucket holds at most `burst` tokens) plus a minimum gap between two
/// starts. Pure value: time comes in as `now`.
///
/// ```swift
/// var pacer = CallPacer(callsPerMinute: 30, minimumGap: 2)
/// if pacer.tryAcquire(now: now) { dial() } else { sleep(until: pacer.nextAvailable(now: now)) }
/// ```
public struct CallPacer: Hashable, Sendable {
    public let callsPerMinute: Double?
    public let minimumGap: TimeInterval
    public let burst: Double
    public private(set) var tokens: Double
    public private(set) var lastRefill: Date?
    public private(set) var lastStart: Date?

    public init(callsPerMinute: Double?, minimumGap: TimeInterval = 0, burst: Int = 1) {
        self.callsPerMinute = callsPerMinute.flatMap { $0 > 0 ? $0 : nil }
        self.minimumGap = max(0, minimumGap)
        self.burst = Double(max(1, burst))
        tokens = Double(max(1, burst))
    }

    public init(settings: CampaignSettings) {
        self.init(callsPerMinute: settings.callsPerMinute, minimumGap: settings.delayBetweenCalls)
    }

    private var ratePerSecond: Double? { callsPerMinute.map { $0 / 60 } }

    private mutating func refill(now: Date) {
        guard let rate = ratePerSecond else { return }
        if let last = lastRefill, now > last {
            tokens = min(burst, tokens + now.timeIntervalSince(last) * rate)
        }
        if lastRefill.map({ now > $0 }) ?? true { lastRefill = now }
    }

    /// Takes one call start if pacing allows it at `now`.
    public mutating func tryAcquire(now: Date) -> Bool {
        refill(now: now)
        if let lastStart, now.timeIntervalSince(lastStart) < minimumGap { return false }
        if ratePerSecond != nil {
            guard tokens >= 1 - 1e-9 else { return false }
            tokens -= 1
        }
        lastStart = now
        return true
    }

    /// The earliest instant a start will be allowed (`now` if already allowed).
    public func nextAvailable(now: Date) -> Date {
        var copy = self
        copy.refill(now: now)
        var earliest = now
        if let lastStart { earliest = max(earliest, lastStart.addingTimeInterval(minimumGap)) }
        if let rate = ratePerSecond, copy.tokens < 1 - 1e-9 {
            earliest = max(earliest, now.addingTimeInterval((1 - copy.tokens) / rate))
        }
        return earliest
    }
}
