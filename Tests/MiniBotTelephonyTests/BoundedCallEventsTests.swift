import MiniBotTelephony
import Testing

/// The bounded queue between a pushing connector and a pulling runner (issue 14, item 6).
@Suite("BoundedCallEvents")
struct BoundedCallEventsTests {
    static func frame(_ value: Int16) -> CallEvent { .audio([Int16](repeating: value, count: 160), sampleRate: 8_000) }

    static func drain(_ events: CallEventStream) async -> [CallEvent] {
        var all: [CallEvent] = []
        for await event in events { all.append(event) }
        return all
    }

    @Test func eventsArriveInOrderAndTheStreamEndsAfterFinish() async {
        let (events, producer) = BoundedCallEvents.makeStream(maximumAudioFrames: 10)
        #expect(producer.yield(Self.frame(1)))
        #expect(producer.yield(.dtmf("5")))
        #expect(producer.yield(Self.frame(2)))
        producer.yield(.hangup(.remoteHangup))
        producer.finish()
        #expect(await Self.drain(events) == [Self.frame(1), .dtmf("5"), Self.frame(2), .hangup(.remoteHangup)])
        #expect(producer.droppedAudioFrames == 0)
    }

    @Test func aLaggingReaderLosesTheOldestAudioOnlyNeverDTMFOrTheHangUp() async {
        let (events, producer) = BoundedCallEvents.makeStream(maximumAudioFrames: 3)
        producer.yield(.dtmf("1"))
        for value in Int16(1)...6 { producer.yield(Self.frame(value)) }
        producer.yield(.playbackFinished(PlaybackReport(promptID: "p", framesPlayed: 5, interrupted: false)))
        #expect(!producer.yield(Self.frame(7)))   // full: frame 4 goes
        producer.yield(.hangup(.remoteHangup))
        producer.finish()
        let all = await Self.drain(events)
        #expect(all == [.dtmf("1"), Self.frame(5), Self.frame(6),
                        .playbackFinished(PlaybackReport(promptID: "p", framesPlayed: 5, interrupted: false)),
                        Self.frame(7), .hangup(.remoteHangup)])
        #expect(producer.droppedAudioFrames == 4)
    }

    @Test func nothingIsAcceptedAfterFinish() async {
        let (events, producer) = BoundedCallEvents.makeStream(maximumAudioFrames: 3)
        producer.yield(.dtmf("1"))
        producer.finish()
        producer.yield(.dtmf("2"))
        #expect(await Self.drain(events) == [.dtmf("1")])
    }

    @Test func aWaitingReaderIsWokenByTheNextEvent() async {
        let (events, producer) = BoundedCallEvents.makeStream(maximumAudioFrames: 3)
        async let all = Self.drain(events)
        for value in Int16(1)...20 {
            producer.yield(Self.frame(value))
            await Task.yield()
        }
        producer.finish()
        let received = await all
        // The reader keeps up or the queue bounds what it missed; either way the newest frame arrives.
        #expect(received.last == Self.frame(20))
        #expect(received.count + producer.droppedAudioFrames == 20)
    }

    @Test func cancellingTheReaderEndsItsWait() async {
        let (events, _) = BoundedCallEvents.makeStream(maximumAudioFrames: 3)
        let reader = Task { await Self.drain(events) }
        reader.cancel()
        #expect(await reader.value.isEmpty)
    }
}
