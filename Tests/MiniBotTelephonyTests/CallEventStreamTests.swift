import Testing
@testable import MiniBotTelephony

@Suite("Call event stream")
struct CallEventStreamTests {
    @Test("wraps an AsyncStream in order and ends with it")
    func wrapsAsyncStream() async {
        let (stream, continuation) = AsyncStream.makeStream(of: CallEvent.self)
        let events = CallEventStream(stream)
        let sent: [CallEvent] = [
            .audio([1, 2, 3], sampleRate: 8_000), .dtmf("9"),
            .playbackFinished(PlaybackReport(promptID: "p", framesPlayed: 3, interrupted: true)),
            .hangup(.remoteError(code: 4)),
        ]
        for event in sent { continuation.yield(event) }
        continuation.finish()
        var received: [CallEvent] = []
        for await event in events { received.append(event) }
        #expect(received == sent)
    }

    @Test("wraps a pull function")
    func wrapsPullFunction() async {
        let source = UncheckedIteratorBox([CallEvent.dtmf("1"), .hangup(.localHangup)].async.makeAsyncIterator())
        var received: [CallEvent] = []
        for await event in CallEventStream(next: { await source.next() }) { received.append(event) }
        #expect(received == [.dtmf("1"), .hangup(.localHangup)])
    }
}

/// A minimal async sequence over an array, for the pull-function test.
struct ArrayAsyncSequence<Element: Sendable>: AsyncSequence, Sendable {
    let elements: [Element]
    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let elements: [Element]
        mutating func next() async -> Element? {
            guard index < elements.count else { return nil }
            defer { index += 1 }
            return elements[index]
        }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(elements: elements) }
}

extension Array where Element: Sendable {
    var async: ArrayAsyncSequence<Element> { ArrayAsyncSequence(elements: self) }
}
