/// Picks the next rail-return question without repeating itself, from an injected random source.
///
/// The picker is a small value the dialogue engine keeps in its per-call state. It never returns
/// the question it returned last (and by default avoids the last three), and it holds no
/// randomness: the caller passes a generator (seeded in tests, system in production) or an index.
///
/// ```swift
/// var picker = RailReturnPicker()
/// var rng = SplitMix64(seed: 42)
/// let first = picker.next(using: &rng)
/// let second = picker.next(using: &rng) // never equal to `first`
/// ```
public struct RailReturnPicker: Sendable, Equatable {
    public let questions: [String]
    /// How many recent picks are excluded (at least 1, at most `questions.count - 1`).
    public let memory: Int
    /// Indices of the most recent picks, oldest first.
    public private(set) var recent: [Int] = []

    public init(questions: [String] = RailReturnQuestions.all, memory: Int = 3) {
        self.questions = questions
        self.memory = max(0, min(max(1, memory), questions.count - 1))
    }

    /// The next question using `generator` for the choice; nil only when there are no questions.
    public mutating func next<G: RandomNumberGenerator>(using generator: inout G) -> String? {
        let available = questions.count - recent.count
        guard available > 0 else { return nil }
        return next(choosing: Int.random(in: 0..<available, using: &generator))
    }

    /// The next question, `choice` picking among the allowed ones (taken modulo their count),
    /// for callers that draw their own random numbers.
    public mutating func next(choosing choice: Int) -> String? {
        guard !questions.isEmpty else { return nil }
        let allowed = questions.indices.filter { !recent.contains($0) }
        guard !allowed.isEmpty else { return nil }
        let count = allowed.count
        let index = allowed[((choice % count) + count) % count]
        recent.append(index)
        if recent.count > memory { recent.removeFirst(recent.count - memory) }
        return questions[index]
    }
}

/// A tiny, fast, seedable generator (SplitMix64), so tests and replays are reproducible.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
