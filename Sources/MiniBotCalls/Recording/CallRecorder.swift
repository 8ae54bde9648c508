import Foundation
import MiniBotAudio
import MiniBotTelephony

/// Writes one call's stereo recording (SPEC B9): caller on the LEFT channel, bot on the RIGHT,
/// 8 kHz PCM16, both placed on the caller's frame timeline.
///
/// Why this shape: a recording must stay cheap at 2,000 calls. Each frame is interleaved into a
/// preallocated one-second block (32 KiB per call) with no per-sample appends; full blocks go to
/// one shared writer thread (``RecordingWriter``), so the caller's event loop never waits on the
/// disk. The header's sizes are fixed at ``close()`` (it belongs to one call; not `Sendable`).
/// Bot prompts are not copied: the recorder keeps a reference to each prompt's shared frames and
/// the frame where it started, and a barge-in cuts them at the stop frame.
/// ```swift
/// let recorder = try CallRecorder(path: "/rec/call.wav")
/// recorder.schedule(prompt, atFrame: 0)      // bot audio from frame 0
/// recorder.appendCaller(frame)               // frame 0: caller left, prompt frame 0 right
/// recorder.stopBot(atFrame: 120)             // barge-in
/// try recorder.close()
/// ```
public final class CallRecorder {
    public let path: String
    private let file: RecordingWriter.File
    /// Interleaved left/right samples of the block being filled; `filled` of them are valid.
    private var block: [Int16]
    private var filled = 0
    private var scheduled: [Scheduled] = []
    /// Inbound frames written so far (the next caller frame's index).
    public private(set) var framesWritten = 0
    /// First free bot frame: a new prompt starts here or at the current frame, whichever is later.
    private var botCursor = 0
    private var closed = false
    /// One second of stereo audio, in samples.
    static let blockSamples = 50 * TelephoneAudio.samplesPerFrame * 2

    private struct Scheduled {
        var frames: [[Int16]]
        var start: Int
        var end: Int
    }

    public init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        guard FileManager.default.createFile(atPath: path, contents: Data(StereoWAVHeader.bytes(sampleRate: 8_000, channels: 2, dataBytes: 0))),
              let handle = FileHandle(forWritingAtPath: path) else {
            throw RecordingError(path: path, reason: "cannot create the file")
        }
        try handle.seekToEnd()
        file = RecordingWriter.File(handle: handle, path: path)
        block = [Int16](repeating: 0, count: Self.blockSamples)
    }

    /// Places `prompt` on the bot channel, starting at `frame` or right after the prompt
    /// already scheduled, whichever is later (the PBX plays queued prompts back to back).
    /// Returns the frame where it starts.
    @discardableResult
    public func schedule(_ prompt: Prompt, atFrame frame: Int) -> Int {
        let start = max(frame, botCursor, framesWritten)
        let end = start + prompt.frames.count
        scheduled.append(Scheduled(frames: prompt.frames, start: start, end: end))
        botCursor = end
        return start
    }

    /// Barge-in or hang-up: bot audio from `frame` on is dropped.
    public func stopBot(atFrame frame: Int) {
        for index in scheduled.indices { scheduled[index].end = min(scheduled[index].end, max(frame, scheduled[index].start)) }
        scheduled.removeAll { $0.end <= $0.start }
        botCursor = max(frame, framesWritten)
    }

    /// The next inbound frame (160 samples; shorter frames are padded, longer cut). Throws the
    /// writer's error if an earlier block could not be written.
    public func appendCaller(_ frame: [Int16]) throws {
        let index = framesWritten
        framesWritten += 1
        while let first = scheduled.first, first.end <= index { scheduled.removeFirst() }
        let samples = TelephoneAudio.samplesPerFrame
        let start = filled
        block.withUnsafeMutableBufferPointer { out in
            frame.withUnsafeBufferPointer { left in
                let count = min(left.count, samples)
                for sample in 0..<count { out[start + 2 * sample] = left[sample].littleEndian }
                for sample in count..<samples { out[start + 2 * sample] = 0 }
            }
            if let first = scheduled.first, first.start <= index {
                first.frames[index - first.start].withUnsafeBufferPointer { right in
                    let count = min(right.count, samples)
                    for sample in 0..<count { out[start + 2 * sample + 1] = right[sample].littleEndian }
                    for sample in count..<samples { out[start + 2 * sample + 1] = 0 }
                }
            } else {
                for sample in 0..<samples { out[start + 2 * sample + 1] = 0 }
            }
        }
        filled += samples * 2
        if filled == Self.blockSamples { try handOff() }
    }

    /// Waits until every block handed to the writer is on disk (tests; ``close()`` does it too).
    public func waitUntilWritten() throws {
        try RecordingWriter.shared.sync { try file.check() }
    }

    private func handOff() throws {
        try file.check()
        guard filled > 0 else { return }
        var next = [Int16](repeating: 0, count: Self.blockSamples)
        swap(&next, &block)
        let full = next, count = filled
        filled = 0
        let file = file
        RecordingWriter.shared.write { file.append(full, count: count) }
    }

    /// Flushes, fixes the header sizes and closes the file. Safe to call twice.
    public func close() throws {
        guard !closed else { return }
        closed = true
        scheduled.removeAll()
        try handOff()
        let total = StereoWAVHeader.size + framesWritten * TelephoneAudio.samplesPerFrame * 4
        let file = file
        try RecordingWriter.shared.sync { try file.finish(totalBytes: total) }
    }

    deinit {
        if !closed {
            let file = file
            RecordingWriter.shared.write { file.abandon() }
        }
    }
}

/// A recording file could not be written; the call goes on without it.
public struct RecordingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
    public var description: String { "\(path): \(reason)" }
}
