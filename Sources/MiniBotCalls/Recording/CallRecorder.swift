import Foundation
import MiniBotAudio
import MiniBotTelephony

/// Writes one call's stereo recording (SPEC B9): caller on the LEFT channel, bot on the RIGHT,
/// 8 kHz PCM16, both placed on the caller's frame timeline.
///
/// Why this shape: a recording must stay cheap at 500 calls, so audio is streamed to disk in
/// one-second chunks (about 32 KiB buffered per call) and the header's sizes are fixed at
/// ``close()`` (it belongs to one call task; not `Sendable`). Bot prompts are not copied: the recorder keeps a reference to each prompt's
/// shared frames and the frame where it started, and a barge-in cuts them at the stop frame.
/// ```swift
/// let recorder = try CallRecorder(path: "/rec/call.wav")
/// recorder.schedule(prompt, atFrame: 0)      // bot audio from frame 0
/// recorder.appendCaller(frame)               // frame 0: caller left, prompt frame 0 right
/// recorder.stopBot(atFrame: 120)             // barge-in
/// try recorder.close()
/// ```
public final class CallRecorder {
    public let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var scheduled: [Scheduled] = []
    /// Inbound frames written so far (the next caller frame's index).
    public private(set) var framesWritten = 0
    /// First free bot frame: a new prompt starts here or at the current frame, whichever is later.
    private var botCursor = 0
    private var closed = false
    static let flushBytes = 50 * 160 * 4

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
        self.handle = handle
        buffer.reserveCapacity(Self.flushBytes)
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

    /// The next inbound frame (160 samples; shorter frames are padded, longer cut).
    public func appendCaller(_ frame: [Int16]) throws {
        let index = framesWritten
        framesWritten += 1
        while let first = scheduled.first, first.end <= index { scheduled.removeFirst() }
        var bot: [Int16]?
        if let first = scheduled.first, first.start <= index { bot = first.frames[index - first.start] }
        for sample in 0..<TelephoneAudio.samplesPerFrame {
            let left = sample < frame.count ? frame[sample] : 0
            let right = bot.map { sample < $0.count ? $0[sample] : 0 } ?? 0
            appendSample(left)
            appendSample(right)
        }
        if buffer.count >= Self.flushBytes { try flush() }
    }

    private func appendSample(_ value: Int16) {
        let bits = UInt16(bitPattern: value)
        buffer.append(UInt8(truncatingIfNeeded: bits))
        buffer.append(UInt8(truncatingIfNeeded: bits >> 8))
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fixes the header sizes and closes the file. Safe to call twice.
    public func close() throws {
        guard !closed else { return }
        closed = true
        scheduled.removeAll()
        try flush()
        let total = StereoWAVHeader.size + framesWritten * TelephoneAudio.samplesPerFrame * 4
        let fields = StereoWAVHeader.sizeFields(totalBytes: total)
        try handle.seek(toOffset: 4)
        try handle.write(contentsOf: fields.riff)
        try handle.seek(toOffset: 40)
        try handle.write(contentsOf: fields.data)
        try handle.close()
    }

    deinit {
        if !closed { try? handle.close() }
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
