/// The inbound event sequence of a ``CallSession``: a type-erased, non-throwing async sequence.
///
/// Connectors build it from whatever they have — an `AsyncStream` (tests, simulated calls) or
/// a pull closure over a NIO inbound stream that keeps socket back-pressure.
/// ```swift
/// let (stream, continuation) = AsyncStream.makeStream(of: CallEvent.self)
/// let events = CallEventStream(stream)
/// ```
public struct CallEventStream: AsyncSequence, Sendable {
    public typealias Element = CallEvent
    public typealias Failure = Never

    private let makeNext: @Sendable () -> @Sendable () async -> CallEvent?

    /// Wraps an `AsyncStream` (for tests and in-process connectors).
    public init(_ stream: AsyncStream<CallEvent>) {
        let box = UncheckedIteratorBox(stream.makeAsyncIterator())
        makeNext = { { await box.next() } }
    }

    /// Wraps a pull function; `next` returns `nil` at the end. It is called from one task at a time.
    public init(next: @escaping @Sendable () async -> CallEvent?) {
        makeNext = { next }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let pull: @Sendable () async -> CallEvent?
        public mutating func next() async -> CallEvent? { await pull() }
        public mutating func next(isolation actor: isolated (any Actor)?) async throws(Never) -> CallEvent? {
            await pull()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pull: makeNext()) }
}

/// A single-consumer iterator shared by reference; the stream contract (one consumer) is what
/// makes the unchecked `Sendable` sound.
final class UncheckedIteratorBox<Base: AsyncIteratorProtocol>: @unchecked Sendable where Base.Element: Sendable {
    private var base: Base
    init(_ base: Base) { self.base = base }
    func next() async -> Base.Element? { try? await base.next() }
}
