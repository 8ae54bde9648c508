/// Walks the chunks of a RIFF/WAVE file and finds its format and sample data, checking
/// every length against the bytes actually present (untrusted input: no crash, no
/// over-read, a `WAVError` saying what is wrong instead).
struct WAVChunkReader {
    /// Where the samples are and how to read them.
    struct Layout {
        var format: WAVFormat
        var data: Range<Int>
    }

    let bytes: [UInt8]
    let name: String

    init(bytes: [UInt8], name: String) {
        self.bytes = bytes
        self.name = name
    }

    func failure(_ reason: String) -> WAVError { WAVError(file: name, reason: reason) }

    mutating func readLayout() throws(WAVError) -> Layout {
        if bytes.count >= 4, !hasTag("RIFF", at: 0), !hasTag("RF64", at: 0) {
            throw failure("not a RIFF file: starts with \(describeTag(at: 0)) instead of 'RIFF'")
        }
        guard bytes.count >= 12 else {
            throw failure("truncated header: \(bytes.count) bytes, a WAV file needs at least 12")
        }
        guard hasTag("WAVE", at: 8) else {
            throw failure("not a WAVE file: RIFF form type is \(describeTag(at: 8)) instead of 'WAVE'")
        }
        var format: WAVFormat?
        var data: Range<Int>?
        var offset = 12
        while offset + 8 <= bytes.count, format == nil || data == nil {
            let size = Int(uint32(at: offset + 4))
            let body = offset + 8
            if hasTag("fmt ", at: offset) {
                format = try parseFormat(body: body, size: size)
            } else if hasTag("data", at: offset) {
                // Streamed writers leave 0xFFFFFFFF (or any guess); trust the bytes present.
                let end = body + size
                if size == 0xFFFF_FFFF || end > bytes.count {
                    data = body..<bytes.count
                    break
                }
                data = body..<end
            }
            offset = body + size + (size & 1)
        }
        guard let format else {
            throw failure(data == nil ? "missing fmt and data chunks" : "missing fmt chunk")
        }
        guard let data else { throw failure("missing data chunk") }
        return Layout(format: format, data: data)
    }

    private func parseFormat(body: Int, size: Int) throws(WAVError) -> WAVFormat {
        guard size >= 16, body + 16 <= bytes.count else {
            let present = max(0, min(size, bytes.count - body))
            throw failure("truncated fmt chunk: \(present) bytes, at least 16 needed")
        }
        var tag = uint16(at: body)
        let channels = Int(uint16(at: body + 2))
        let sampleRate = Int(uint32(at: body + 4))
        let bits = Int(uint16(at: body + 14))
        if tag == 0xFFFE {
            guard size >= 40, body + 40 <= bytes.count else {
                throw failure("truncated WAVE_FORMAT_EXTENSIBLE fmt chunk: \(size) bytes, 40 needed")
            }
            tag = uint16(at: body + 24)        // the sub-format GUID starts with the format code
        }
        guard channels > 0 else { throw failure("invalid fmt chunk: zero channels") }
        guard sampleRate > 0 else { throw failure("invalid fmt chunk: zero sample rate") }
        let encoding: AudioEncoding
        switch (tag, bits) {
        case (1, 16): encoding = .pcm16
        case (7, 8): encoding = .ulaw
        case (6, 8): encoding = .alaw
        default:
            throw failure("unsupported encoding: \(Self.describe(tag: tag, bits: bits)); "
                + "supported are 16-bit PCM, 8-bit µ-law and 8-bit A-law (convert with ffmpeg first)")
        }
        return WAVFormat(encoding: encoding, sampleRate: sampleRate, channels: channels)
    }

    static func describe(tag: UInt16, bits: Int) -> String {
        let hex = String(tag, radix: 16, uppercase: true)
        let code = "format 0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        let kind = switch tag {
        case 1: "\(bits)-bit PCM"
        case 2: "Microsoft ADPCM"
        case 3: "IEEE float \(bits)-bit"
        case 6: "\(bits)-bit A-law"
        case 7: "\(bits)-bit µ-law"
        case 0x11: "IMA ADPCM"
        case 0x31: "GSM 6.10"
        case 0x50, 0x55: "MPEG audio"
        default: "unknown codec"
        }
        return "\(kind) (\(code))"
    }

    private func hasTag(_ tag: StaticString, at offset: Int) -> Bool {
        guard offset + 4 <= bytes.count else { return false }
        return tag.withUTF8Buffer { Array($0) == Array(bytes[offset..<offset + 4]) }
    }

    private func describeTag(at offset: Int) -> String {
        let raw = bytes[offset..<min(offset + 4, bytes.count)]
        let printable = raw.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if printable { return "'" + String(decoding: raw, as: UTF8.self) + "'" }
        return "bytes " + raw.map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: " ")
    }

    private func uint16(at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private func uint32(at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
