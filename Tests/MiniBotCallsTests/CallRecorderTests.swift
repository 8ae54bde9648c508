import Foundation
import MiniBotAudio
import MiniBotCalls
import MiniBotTelephony
import Testing

@Suite("CallRecorder")
struct CallRecorderTests {
    func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "minibot-calls-\(UUID().uuidString)/" + name
    }

    @Test func promptSamplesLandOnTheRightChannelAtTheRightOffset() throws {
        let path = temporaryPath("call.wav")
        let recorder = try CallRecorder(path: path)
        let caller = Fixtures.speech(30, seed: 3)
        let promptFrames = Fixtures.speech(10, seed: 9)
        let prompt = Prompt(id: "p0", frames: promptFrames)
        for (index, frame) in caller.enumerated() {
            if index == 12 { #expect(recorder.schedule(prompt, atFrame: 12) == 12) }
            try recorder.appendCaller(frame)
        }
        try recorder.close()
        let (buffer, format) = try WAV.read(path: path)
        #expect(format.channels == 2 && format.sampleRate == 8_000)
        let left = buffer.channel(0), right = buffer.channel(1)
        #expect(left == caller.flatMap { $0 })
        #expect(right[0..<(12 * 160)].allSatisfy { $0 == 0 })
        #expect(Array(right[(12 * 160)..<(22 * 160)]) == promptFrames.flatMap { $0 })
        #expect(right[(22 * 160)...].allSatisfy { $0 == 0 })
    }

    @Test func bargeInTruncatesTheBotChannelAndQueuedPromptsFollowEachOther() throws {
        let path = temporaryPath("call.wav")
        let recorder = try CallRecorder(path: path)
        let first = Prompt(id: "a", frames: Fixtures.speech(10, seed: 1))
        let second = Prompt(id: "b", frames: Fixtures.speech(10, seed: 2))
        recorder.schedule(first, atFrame: 0)
        #expect(recorder.schedule(second, atFrame: 0) == 10)   // queued behind the first
        for frame in Fixtures.silence(14) { try recorder.appendCaller(frame) }
        recorder.stopBot(atFrame: 14)
        for frame in Fixtures.silence(10) { try recorder.appendCaller(frame) }
        try recorder.close()
        let right = try WAV.read(path: path).buffer.channel(1)
        #expect(right.count == 24 * 160)
        #expect(Array(right[(10 * 160)..<(14 * 160)]) == second.frames.prefix(4).flatMap { $0 })
        #expect(right[(14 * 160)...].allSatisfy { $0 == 0 })
    }

    @Test func aRecordingStreamsToDiskBeforeItIsClosed() throws {
        let path = temporaryPath("long.wav")
        let recorder = try CallRecorder(path: path)
        for frame in Fixtures.silence(500) { try recorder.appendCaller(frame) }   // 10 s
        try recorder.waitUntilWritten()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
        #expect(size >= 44 + 450 * 640)                 // at most one second still buffered
        try recorder.close()
        #expect(try WAV.read(path: path).buffer.frameCount == 500 * 160)
    }
}
