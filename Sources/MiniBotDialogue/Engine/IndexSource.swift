/// Where the engine's choices come from (which rail-return question), injected so the
/// engine stays deterministic under test and varied in production.
///
///     var source = SeededIndexSource(seed: 42)
///     source.next(below: 36)
public protocol IndexSource: Sendable {
    /// A number in `0..<upperBound` (`upperBound` ≥ 1).
    mutating func next(below upperBound: Int) -> Int
}

/// 0, 1, 2, … modulo the bound: predictable, for tests and demos.
public struct SequentialIndexSource: IndexSource {
    private var counter = 0
    public init() {}
    public mutating func next(below upperBound: Int) -> Int {
        defer { counter &+= 1 }
        return counter % max(1, upperBound)
    }
}

/// SplitMix64: a tiny, seedable generator (seed it per call, e.g. from the call UUID).
public struct SeededIndexSource: IndexSource {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next(below upperBound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(1, upperBound)))
    }
}
