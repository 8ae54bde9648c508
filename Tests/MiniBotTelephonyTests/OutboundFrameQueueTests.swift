import NIOCore
import Testing
@testable import MiniBotTelephony

@Suite("Outbound frame queue and prompts")
struct OutboundFrameQueueTests {
    @Test("a prompt is cut into 160-sample frames, the last zero-padded")
    func promptFraming() {
        let samples = (0..<400).map { Int16($0 + 1) }
        let prompt = Prompt(id: "p", samples: samples)
        #expect(prompt.frames.count == 3)
        #expect(prompt.frames.allSatisfy { $0.count == 160 })
        #expect(prompt.frames[2][79] == 400)
        #expect(prompt.frames[2][80] == 0)
        #expect(Array(prompt.frames.joined().prefix(400)) == samples)
        let fixed = Prompt(id: "f", frames: [[1, 2], [Int16](repeating: 3, count: 200)])
        #expect(fixed.frames.map(\.count) == [160, 160])
    }

    @Test("frames come out in order, then silence; the prompt is reported once")
    func playThenSilence() {
        var queue = OutboundFrameQueue()
        queue.enqueue(Prompt(id: "a", frames: [rampFrame(0), rampFrame(1)]))
        queue.enqueue(Prompt(id: "b", frames: [rampFrame(2)]))
        #expect(queue.queuedFrames == 3)
        let first = queue.nextFrame()
        #expect(first.frame == rampFrame(0) && first.finished.isEmpty)
        let second = queue.nextFrame()
        #expect(second.frame == rampFrame(1))
        #expect(second.finished == [PlaybackReport(promptID: "a", framesPlayed: 2, interrupted: false)])
        let third = queue.nextFrame()
        #expect(third.frame == rampFrame(2) && third.finished.map(\.promptID) == ["b"])
        let idle = queue.nextFrame()
        #expect(idle.frame == OutboundFrameQueue.silence && idle.finished.isEmpty)
        var quiet = OutboundFrameQueue(sendsSilenceWhenIdle: false)
        #expect(quiet.nextFrame().frame == nil)
    }

    @Test("stop drops everything queued at once and reports cut prompts")
    func stopDrops() {
        var queue = OutboundFrameQueue()
        queue.enqueue(Prompt(id: "long", frames: (0..<50).map { rampFrame($0) }))
        queue.enqueue(Prompt(id: "next", frames: (0..<10).map { rampFrame($0) }))
        for _ in 0..<12 { _ = queue.nextFrame() }
        let (dropped, cut) = queue.stop()
        #expect(dropped == 38 + 10)
        #expect(cut == [PlaybackReport(promptID: "long", framesPlayed: 12, interrupted: true),
                        PlaybackReport(promptID: "next", framesPlayed: 0, interrupted: true)])
        #expect(queue.isEmpty)
        #expect(queue.nextFrame().frame == OutboundFrameQueue.silence)
        #expect(queue.stop().droppedFrames == 0)
    }

    @Test("an empty prompt finishes at the next tick without sending audio")
    func emptyPrompt() {
        var queue = OutboundFrameQueue()
        queue.enqueue(Prompt(id: "empty", samples: []))
        let tick = queue.nextFrame()
        #expect(tick.frame == OutboundFrameQueue.silence)
        #expect(tick.finished == [PlaybackReport(promptID: "empty", framesPlayed: 0, interrupted: false)])
    }

    @Test("many short prompts keep order across internal compaction")
    func manyPrompts() {
        var queue = OutboundFrameQueue()
        for index in 0..<100 { queue.enqueue(Prompt(id: "\(index)", frames: [rampFrame(index)])) }
        var ids: [String] = []
        for index in 0..<60 {
            let tick = queue.nextFrame()
            #expect(tick.frame == rampFrame(index))
            ids += tick.finished.map(\.promptID)
        }
        queue.enqueue(Prompt(id: "late", frames: [rampFrame(999)]))
        for _ in 0..<41 { ids += queue.nextFrame().finished.map(\.promptID) }
        #expect(ids == (0..<100).map { "\($0)" } + ["late"])
    }

    @Test("wire frames are the prompt's frames as 0x10 messages, shared between queues")
    func wireFrames() {
        let prompt = Prompt(id: "w", frames: [rampFrame(0), rampFrame(1)])
        var first = OutboundFrameQueue()
        var second = OutboundFrameQueue()
        first.enqueue(prompt)
        second.enqueue(prompt)
        for index in 0..<2 {
            let a = first.nextWireFrame().frame
            let b = second.nextWireFrame().frame
            #expect(a.map { Array($0.readableBytesView) } == wire(kind: 0x10, payload: littleEndianBytes(rampFrame(index))))
            #expect(a == b)
        }
        let idle = first.nextWireFrame().frame
        #expect(idle.map { Array($0.readableBytesView) } == [0x10, 0x01, 0x40] + [UInt8](repeating: 0, count: 320))
    }
}
