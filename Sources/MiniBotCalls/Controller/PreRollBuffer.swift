/// The last few caller frames, kept so a recognition opened at the VAD's speech start can be
/// fed the audio just before it (the first syllable). Fixed capacity, no growth.
///
/// ```swift
/// var preRoll = PreRollBuffer(capacity: 10)   // 200 ms
/// preRoll.append(frame)
/// let earlier = preRoll.drain()               // oldest first, buffer emptied
/// ```
struct PreRollBuffer: Sendable {
    private var slots: [[Int16]]
    private var next = 0
    private(set) var count = 0
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        slots = Array(repeating: [], count: self.capacity)
    }

    mutating func append(_ frame: [Int16]) {
        guard capacity > 0 else { return }
        slots[next] = frame
        next = (next + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Frames oldest first; the buffer is empty afterwards.
    mutating func drain() -> [[Int16]] {
        guard count > 0 else { return [] }
        var out: [[Int16]] = []
        out.reserveCapacity(count)
        var index = (next - count + capacity) % capacity
        for _ in 0..<count {
            out.append(slots[index])
            slots[index] = []
            index = (index + 1) % capacity
        }
        count = 0
        return out
    }
}
