/// ITU-T G.711 companding: the µ-law (North America, Japan) and A-law (Europe, so French
/// trunks) codes every PBX speaks on the wire, bit-exact with the reference algorithm
/// (the one CPython's `audioop` and Asterisk use), so a prompt encoded here sounds exactly
/// like one encoded by `sox` or the PBX itself.
///
/// µ-law keeps the 14 most significant bits of a sample, A-law the 13 most significant;
/// each is cut into 8 logarithmic segments of 16 steps. Scalar functions compute the code;
/// the array functions use lookup tables built once (64 KiB per law for encoding).
/// ```swift
/// let frame = [Int16](repeating: 1_000, count: 160)
/// let wire = G711.alawEncode(frame)          // 160 bytes for an AudioSocket/RTP peer
/// let back = G711.alawDecode(wire)           // ≈ frame, within the segment's step
/// ```
public enum G711 {
    // MARK: Scalar µ-law

    /// µ-law code of one linear sample (the sample's 14 high bits are used).
    @inlinable
    public static func ulawEncode(_ sample: Int16) -> UInt8 {
        var magnitude = Int(sample) >> 2
        let mask: Int
        if magnitude < 0 {
            magnitude = -magnitude
            mask = 0x7F
        } else {
            mask = 0xFF
        }
        magnitude = min(magnitude, 8_159) + 33   // clip, then add the bias (0x84 >> 2)
        // Segment s holds biased magnitudes 0x40 << (s - 1) ..< 0x40 << s.
        let segment = max(0, (Int.bitWidth - magnitude.leadingZeroBitCount) - 6)
        if segment >= 8 { return UInt8(truncatingIfNeeded: 0x7F ^ mask) }
        let code = (segment << 4) | ((magnitude >> (segment + 1)) & 0x0F)
        return UInt8(truncatingIfNeeded: code ^ mask)
    }

    /// Linear sample of one µ-law code (the centre of the code's step).
    @inlinable
    public static func ulawDecode(_ code: UInt8) -> Int16 {
        let inverted = Int(~code)
        let segment = (inverted & 0x70) >> 4
        let magnitude = ((((inverted & 0x0F) << 3) + 0x84) << segment) - 0x84
        return Int16(truncatingIfNeeded: (inverted & 0x80) != 0 ? -magnitude : magnitude)
    }

    // MARK: Scalar A-law

    /// A-law code of one linear sample (the sample's 13 high bits are used).
    @inlinable
    public static func alawEncode(_ sample: Int16) -> UInt8 {
        var magnitude = Int(sample) >> 3
        let mask: Int
        if magnitude >= 0 {
            mask = 0xD5
        } else {
            mask = 0x55
            magnitude = -magnitude - 1
        }
        // Segment s holds magnitudes 0x20 << (s - 1) ..< 0x20 << s (segments 0 and 1 share a step).
        let segment = max(0, (Int.bitWidth - magnitude.leadingZeroBitCount) - 5)
        if segment >= 8 { return UInt8(truncatingIfNeeded: 0x7F ^ mask) }
        let step = segment < 2 ? 1 : segment
        let code = (segment << 4) | ((magnitude >> step) & 0x0F)
        return UInt8(truncatingIfNeeded: code ^ mask)
    }

    /// Linear sample of one A-law code (the centre of the code's step).
    @inlinable
    public static func alawDecode(_ code: UInt8) -> Int16 {
        let value = Int(code ^ 0x55)
        let segment = (value & 0x70) >> 4
        var magnitude = (value & 0x0F) << 4
        switch segment {
        case 0: magnitude += 8
        case 1: magnitude += 0x108
        default: magnitude = (magnitude + 0x108) << (segment - 1)
        }
        return Int16(truncatingIfNeeded: (value & 0x80) != 0 ? magnitude : -magnitude)
    }
}
