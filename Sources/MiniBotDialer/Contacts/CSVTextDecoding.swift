import Foundation

/// The character encoding a contacts file was found to use.
///
/// French spreadsheets are exported as UTF-8 (often with a BOM, from Excel), as
/// Windows-1252 ("CSV (séparateur : point-virgule)" in Excel for Windows), or as UTF-16
/// ("Texte Unicode"). Bytes that are not valid UTF-8 are read as Windows-1252, a
/// superset of Latin-1 that also has the curly quotes and "€" Excel writes.
public enum CSVTextEncoding: String, Sendable, Codable {
    case utf8, utf8WithBOM = "utf8_bom", windows1252 = "windows_1252", utf16 = "utf16"

    /// Finds the encoding and where the text starts (after any BOM); UTF-16 input is transcoded to UTF-8.
    static func detect(_ bytes: [UInt8]) -> (encoding: CSVTextEncoding, bytes: [UInt8], start: Int) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return (.utf8WithBOM, bytes, 3)
        }
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let littleEndian = bytes[0] == 0xFF
            var units: [UInt16] = []
            units.reserveCapacity(bytes.count / 2)
            var i = 2
            while i + 1 < bytes.count {
                units.append(littleEndian ? UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
                                          : UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
                i += 2
            }
            return (.utf16, Array(String(decoding: units, as: UTF16.self).utf8), 0)
        }
        return (isValidUTF8(bytes) ? .utf8 : .windows1252, bytes, 0)
    }

    /// Strict UTF-8 validation (no overlongs, no surrogates), ASCII fast path.
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            let n = b.count
            while i < n {
                let c = b[i]
                if c < 0x80 { i += 1; continue }
                let length: Int
                var low: UInt8 = 0x80, high: UInt8 = 0xBF
                switch c {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; low = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; high = 0x9F
                case 0xF0: length = 4; low = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; high = 0x8F
                default: return false
                }
                guard i + length <= n else { return false }
                let second = b[i + 1]
                guard second >= low, second <= high else { return false }
                var k = 2
                while k < length {
                    guard b[i + k] & 0xC0 == 0x80 else { return false }
                    k += 1
                }
                i += length
            }
            return true
        }
    }

    /// Windows-1252 code points for 0x80–0x9F (0 = undefined, kept as U+FFFD).
    static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]

    /// Decodes one field, collapsing `""` when asked.
    func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ field: CSVField) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[field.start..<field.end])
        var text: String
        if self == .windows1252, slice.contains(where: { $0 >= 0x80 }) {
            var scalars = String.UnicodeScalarView()
            for byte in slice {
                if byte < 0x80 || byte >= 0xA0 {
                    scalars.append(Unicode.Scalar(byte))
                } else {
                    let code = Self.windows1252High[Int(byte - 0x80)]
                    scalars.append(Unicode.Scalar(code == 0 ? 0xFFFD : code) ?? "\u{FFFD}")
                }
            }
            text = String(scalars)
        } else {
            text = String(decoding: slice, as: UTF8.self)
        }
        if field.hasEscapedQuotes { text = text.replacingOccurrences(of: "\"\"", with: "\"") }
        return text
    }
}
