import MiniBotAudio
import NIOCore

/// The bot's queued outbound audio for one call, as a pure value: prompts go in, one frame
/// comes out per tick, `stop()` empties it at once. Reports which prompts ended so the
/// connector can emit `playbackFinished`.
///
/// When nothing is queued and the call is up, ``nextFrame()`` returns comfort silence: Asterisk
/// copies what we send straight into the caller's RTP stream, and a steady stream keeps RTP
/// timestamps continuous, avoids SBC/carrier RTP-timeout hang-ups and gives the far-end jitter
/// buffer nothing to re-adapt to when the next prompt starts.
///
/// ```swift
/// var queue = OutboundFrameQueue()
/// queue.enqueue(prompt)
/// let (frame, finished) = queue.nextFrame()   // first frame; `finished` lists ended prompts
/// let dropped = queue.stop()                  // frames dropped + reports of cut prompts
/// ```
public struct OutboundFrameQueue: Sendable {
    private struct Entry: Sendable {
        var prompt: Prompt
        var nextIndex: Int
    }

    /// Ring of queued prompts; `head` avoids O(n) removals.
    private var entries: [Entry] = []
    private var head = 0
    public let sendsSilenceWhenIdle: Bool
    public static let silence = [Int16](repeating: 0, count: TelephoneAudio.samplesPerFrame)

    public init(sendsSilenceWhenIdle: Bool = true) {
        self.sendsSilenceWhenIdle = sendsSilenceWhenIdle
    }

    /// Frames still queued.
    public var queuedFrames: Int {
        entries[head...].reduce(0) { $0 + $1.prompt.frames.count - $1.nextIndex }
    }

    public var isEmpty: Bool { head == entries.count }

    public mutating func enqueue(_ prompt: Prompt) {
        entries.append(Entry(prompt: prompt, nextIndex: 0))
    }

    /// The frame for this tick (`nil` when idle and silence is off) and the prompts that ended
    /// with it (an empty prompt ends immediately).
    public mutating func nextFrame() -> (frame: [Int16]?, finished: [PlaybackReport]) {
        var finished: [PlaybackReport] = []
        while head < entries.count {
            let count = entries[head].prompt.frames.count
            if entries[head].nextIndex < count {
                let frame = entries[head].prompt.frames[entries[head].nextIndex]
                entries[head].nextIndex += 1
                if entries[head].nextIndex == count {
                    finished.append(PlaybackReport(promptID: entries[head].prompt.id, framesPlayed: count, interrupted: false))
                    advance()
                }
                return (frame, finished)
            }
            finished.append(PlaybackReport(promptID: entries[head].prompt.id, framesPlayed: 0, interrupted: false))
            advance()
        }
        return (sendsSilenceWhenIdle ? Self.silence : nil, finished)
    }

    /// Like ``nextFrame()`` but returns the frame already encoded as an AudioSocket `0x10`
    /// message, shared between calls playing the same prompt (`nil` when idle and silent is off).
    mutating func nextWireFrame() -> (frame: ByteBuffer?, finished: [PlaybackReport]) {
        var finished: [PlaybackReport] = []
        while head < entries.count {
            let count = entries[head].prompt.frames.count
            if entries[head].nextIndex < count {
                let prompt = entries[head].prompt
                let frame = prompt.wireCache.frame(entries[head].nextIndex, of: prompt.frames)
                entries[head].nextIndex += 1
                if entries[head].nextIndex == count {
                    finished.append(PlaybackReport(promptID: prompt.id, framesPlayed: count, interrupted: false))
                    advance()
                }
                return (frame, finished)
            }
            finished.append(PlaybackReport(promptID: entries[head].prompt.id, framesPlayed: 0, interrupted: false))
            advance()
        }
        return (sendsSilenceWhenIdle ? AudioSocketWire.silenceFrame : nil, finished)
    }

    /// Barge-in: drops everything queued; returns the number of frames dropped and a report for
    /// every prompt that was cut.
    public mutating func stop() -> (droppedFrames: Int, interrupted: [PlaybackReport]) {
        var dropped = 0
        var reports: [PlaybackReport] = []
        for entry in entries[head...] {
            dropped += entry.prompt.frames.count - entry.nextIndex
            reports.append(PlaybackReport(promptID: entry.prompt.id, framesPlayed: entry.nextIndex, interrupted: true))
        }
        entries.removeAll(keepingCapacity: false)
        head = 0
        return (dropped, reports)
    }

    private mutating func advance() {
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 16 && head * 2 >= entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}
