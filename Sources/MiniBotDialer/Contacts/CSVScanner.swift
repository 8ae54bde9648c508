/// One field of a CSV record: a byte range into the file, before unquoting and decoding.
struct CSVField: Sendable {
    var start: Int
    var end: Int
    /// The field contained `""` pairs that must be collapsed to `"`.
    var hasEscapedQuotes: Bool
}

/// A single-pass RFC 4180 scanner over raw bytes that also tracks physical line numbers,
/// which the import report must give ("line 1 204: too short").
///
/// Why not CSV.swift: it reads `String`/`InputStream` input (so Latin-1 detection would
/// have to happen before it), and it does not say on which physical line a record started
/// once quoted fields contain newlines. Scanning bytes once is also several times faster
/// than going through `String` and `Character`.
///
/// Lenient where files in the wild are sloppy: a lone `\r` ends a line, text after a
/// closing quote is dropped, a quote inside an unquoted field is kept literally.
struct CSVScanner {
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    let separator: UInt8

    /// Calls `onRecord(startLine, fields, unterminatedQuote)` for every record of `bytes[start...]`.
    /// `fields` is reused between calls; copy what you keep.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
              _ onRecord: (_ line: Int, _ fields: [CSVField], _ unterminated: Bool) -> Void) {
        let n = bytes.count
        let sep = separator, quote = Self.quote, lf = Self.lineFeed, cr = Self.carriageReturn
        var i = start
        var line = 1
        var fields: [CSVField] = []
        fields.reserveCapacity(16)
        while i < n {
            let recordLine = line
            fields.removeAll(keepingCapacity: true)
            var unterminated = false
            fieldLoop: while true {
                if i < n, bytes[i] == quote {
                    i += 1
                    let fieldStart = i
                    var escaped = false
                    while true {
                        if i >= n {
                            unterminated = true
                            fields.append(CSVField(start: fieldStart, end: n, hasEscapedQuotes: escaped))
                            break fieldLoop
                        }
                        let c = bytes[i]
                        if c == quote {
                            if i + 1 < n, bytes[i + 1] == quote {
                                escaped = true
                                i += 2
                                continue
                            }
                            break
                        }
                        if c == lf || (c == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                        i += 1
                    }
                    fields.append(CSVField(start: fieldStart, end: i, hasEscapedQuotes: escaped))
                    i += 1 // closing quote
                    while i < n, bytes[i] != sep, bytes[i] != lf, bytes[i] != cr { i += 1 }
                } else {
                    let fieldStart = i
                    while i < n {
                        let c = bytes[i]
                        if c == sep || c == lf || c == cr { break }
                        i += 1
                    }
                    fields.append(CSVField(start: fieldStart, end: i, hasEscapedQuotes: false))
                }
                if i >= n { break }
                if bytes[i] == sep {
                    i += 1
                    if i >= n {
                        fields.append(CSVField(start: n, end: n, hasEscapedQuotes: false))
                        break
                    }
                    continue
                }
                if bytes[i] == cr {
                    i += 1
                    if i < n, bytes[i] == lf { i += 1 }
                } else {
                    i += 1
                }
                line += 1
                break
            }
            onRecord(recordLine, fields, unterminated)
        }
    }

    /// Picks `;`, `,` or tab: whichever appears most often (outside quotes) in the first line.
    static func detectSeparator(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var counts: [UInt8: Int] = [UInt8(ascii: ","): 0, UInt8(ascii: ";"): 0, 0x09: 0]
        var inQuotes = false
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            if c == quote { inQuotes.toggle() }
            else if !inQuotes {
                if c == lineFeed || c == carriageReturn {
                    if counts.values.contains(where: { $0 > 0 }) { break }
                } else if counts[c] != nil {
                    counts[c, default: 0] += 1
                }
            }
            i += 1
        }
        let comma = counts[UInt8(ascii: ",")] ?? 0, semicolon = counts[UInt8(ascii: ";")] ?? 0, tab = counts[0x09] ?? 0
        if semicolon > comma && semicolon >= tab { return UInt8(ascii: ";") }
        if tab > comma && tab > semicolon { return 0x09 }
        return UInt8(ascii: ",")
    }
}
