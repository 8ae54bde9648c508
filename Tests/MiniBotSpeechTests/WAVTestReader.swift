import Foundation

/// Reads a PCM16 mono WAV the way a server would, to check uploads.
enum WAVTestReader {
    struct Decoded: Equatable { var sampleRate: Int; var channels: Int; var bitsPerSample: Int; var samples: [Int16] }

    static func read(_ bytes: [UInt8]) -> Decoded? {
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 44, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WAVE".utf8),
              u32(4) == bytes.count - 8 else { return nil }
        var cursor = 12
        var format: (rate: Int, channels: Int, bits: Int)?
        while cursor + 8 <= bytes.count {
            let id = String(decoding: bytes[cursor..<cursor + 4], as: UTF8.self)
            let size = u32(cursor + 4)
            let start = cursor + 8
            guard start + size <= bytes.count else { return nil }
            if id == "fmt " {
                guard u16(start) == 1 else { return nil }
                format = (u32(start + 4), u16(start + 2), u16(start + 14))
            } else if id == "data", let format {
                let samples = stride(from: start, to: start + size, by: 2).map { Int16(bitPattern: UInt16(u16($0))) }
                return Decoded(sampleRate: format.rate, channels: format.channels, bitsPerSample: format.bits, samples: samples)
            }
            cursor = start + size + (size & 1)
        }
        return nil
    }
}
