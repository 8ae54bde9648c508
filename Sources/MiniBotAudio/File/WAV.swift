/// RIFF/WAVE files in the encodings a PBX plays: 16-bit PCM, µ-law (format 7) and A-law
/// (format 6), plain or as WAVE_FORMAT_EXTENSIBLE, any channel count and rate.
///
/// The reader is forgiving where real files are sloppy (unknown chunks such as `LIST` or
/// `fact` are skipped, odd-sized chunks padded or not, a streamed file's data size of
/// 0xFFFFFFFF or any oversized data size is clamped to the bytes present, a trailing
/// partial frame is dropped) and precise where they are wrong: every failure is a
/// `WAVError` naming the file and the reason.
/// ```swift
/// let (buffer, format) = try WAV.decode(bytes, name: "accueil.wav")
/// let bytes8k = WAV.encode(buffer, as: .ulaw)   // 8-bit µ-law WAV with a `fact` chunk
/// ```
public enum WAV {
    /// Decodes a whole WAV file held in memory; `name` only labels errors.
    public static func decode(_ bytes: [UInt8], name: String) throws(WAVError) -> (buffer: AudioBuffer, format: WAVFormat) {
        var reader = WAVChunkReader(bytes: bytes, name: name)
        let layout = try reader.readLayout()
        let format = layout.format
        let frameBytes = format.channels * format.encoding.bytesPerSample
        let usable = layout.data.count / frameBytes * frameBytes
        let payload = bytes[layout.data.lowerBound..<(layout.data.lowerBound + usable)]
        let samples: [Int16]
        switch format.encoding {
        case .pcm16: samples = PCM16.samples(littleEndian: payload)
        case .ulaw: samples = G711.ulawDecode(Array(payload))
        case .alaw: samples = G711.alawDecode(Array(payload))
        }
        let buffer = AudioBuffer(sampleRate: format.sampleRate, channels: format.channels, samples: samples)
        return (buffer, format)
    }

    /// A complete WAV file holding `buffer` in `encoding`: a 16-byte `fmt ` chunk for PCM16,
    /// an 18-byte one plus a `fact` chunk for µ-law/A-law (as the RIFF rules ask of
    /// non-PCM formats). A trailing partial frame of `buffer` is not written.
    public static func encode(_ buffer: AudioBuffer, as encoding: AudioEncoding) -> [UInt8] {
        let channels = max(0, buffer.channels)
        let frames = buffer.frameCount
        let used = frames * channels
        let samples = used == buffer.samples.count ? buffer.samples : Array(buffer.samples.prefix(used))
        let data = encoding.encode(samples)
        let isPCM = encoding == .pcm16
        let formatTag: UInt16 = switch encoding {
        case .pcm16: 1
        case .ulaw: 7
        case .alaw: 6
        }
        let fmtSize = isPCM ? 16 : 18
        let factSize = isPCM ? 0 : 12
        let padding = data.count & 1
        let riffSize = 4 + (8 + fmtSize) + factSize + (8 + data.count + padding)

        var out: [UInt8] = []
        out.reserveCapacity(8 + riffSize)
        out.appendASCII("RIFF")
        out.appendLE32(riffSize)
        out.appendASCII("WAVE")
        out.appendASCII("fmt ")
        out.appendLE32(fmtSize)
        out.appendLE16(Int(formatTag))
        out.appendLE16(channels)
        out.appendLE32(buffer.sampleRate)
        out.appendLE32(buffer.sampleRate * channels * encoding.bytesPerSample)
        out.appendLE16(channels * encoding.bytesPerSample)
        out.appendLE16(encoding.bytesPerSample * 8)
        if !isPCM {
            out.appendLE16(0)                 // cbSize: no extension
            out.appendASCII("fact")
            out.appendLE32(4)
            out.appendLE32(frames)
        }
        out.appendASCII("data")
        out.appendLE32(data.count)
        out.append(contentsOf: data)
        if padding == 1 { out.append(0) }
        return out
    }
}

extension [UInt8] {
    mutating func appendASCII(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    mutating func appendLE16(_ value: Int) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func appendLE32(_ value: Int) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> shift)) }
    }
}
