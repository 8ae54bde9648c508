import MiniBotAudio

/// Audio the bot plays, already cut into 20 ms telephone frames.
///
/// The id comes back in ``PlaybackReport`` so a runner knows which prompt ended.
/// ```swift
/// let prompt = Prompt(id: "welcome", samples: pcm8k)   // last frame zero-padded to 160 samples
/// prompt.frames.count                                   // ⌈samples / 160⌉
/// ```
public struct Prompt: Sendable, Hashable {
    public var id: String
    /// Wire encoding shared by all calls playing this prompt (not part of equality).
    let wireCache = PromptWireCache()
    /// Frames of exactly ``TelephoneAudio/samplesPerFrame`` samples (8 kHz, 20 ms).
    public private(set) var frames: [[Int16]]

    /// Cuts `samples` (8 kHz mono) into 160-sample frames, zero-padding the last one.
    public init(id: String, samples: [Int16]) {
        self.id = id
        let size = TelephoneAudio.samplesPerFrame
        var frames: [[Int16]] = []
        frames.reserveCapacity((samples.count + size - 1) / size)
        var start = 0
        while start < samples.count {
            var frame = Array(samples[start..<min(start + size, samples.count)])
            if frame.count < size { frame.append(contentsOf: repeatElement(0, count: size - frame.count)) }
            frames.append(frame)
            start += size
        }
        self.frames = frames
    }

    /// Uses frames as given, fixing any frame that is not 160 samples (pad with zeros or cut).
    public init(id: String, frames: [[Int16]]) {
        self.id = id
        let size = TelephoneAudio.samplesPerFrame
        self.frames = frames.map { frame in
            if frame.count == size { return frame }
            if frame.count > size { return Array(frame.prefix(size)) }
            return frame + repeatElement(0, count: size - frame.count)
        }
    }

    public static func == (lhs: Prompt, rhs: Prompt) -> Bool {
        lhs.id == rhs.id && lhs.frames == rhs.frames
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(frames)
    }
}
