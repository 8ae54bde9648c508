import Testing
@testable import MiniBotDialer

@Suite("CSV scanner edge cases")
struct CSVScannerTests {
    func scan(_ text: String, separator: Character = ",") -> [(line: Int, fields: [String], unterminated: Bool)] {
        let bytes = Array(text.utf8)
        var records: [(Int, [String], Bool)] = []
        bytes.withUnsafeBufferPointer { buffer in
            CSVScanner(separator: UInt8(ascii: separator.unicodeScalars.first!)).scan(buffer, from: 0) { line, fields, open in
                records.append((line, fields.map { CSVTextEncoding.utf8.decode(buffer, $0) }, open))
            }
        }
        return records
    }

    @Test("Lone CR, LF and CRLF all end lines; line numbers count each")
    func lineEnds() {
        let records = scan("a,b\rc,d\ne,f\r\ng,h")
        #expect(records.map(\.fields) == [["a", "b"], ["c", "d"], ["e", "f"], ["g", "h"]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
    }

    @Test("Trailing separator yields an empty last field; empty line yields one empty field")
    func emptyFields() {
        let records = scan("a,\n\n,b,")
        #expect(records.map(\.fields) == [["a", ""], [""], ["", "b", ""]])
    }

    @Test("Text after a closing quote is dropped; a quote inside an unquoted field is kept")
    func sloppyQuotes() {
        let records = scan("\"ab\"cd,e\"f\n")
        #expect(records.map(\.fields) == [["ab", "e\"f"]])
    }

    @Test("An unterminated quote swallows the rest and is flagged")
    func unterminated() {
        let records = scan("x,\"open\nstill open")
        #expect(records.count == 1)
        #expect(records[0].unterminated)
        #expect(records[0].fields == ["x", "open\nstill open"])
    }

    @Test("Date formats accepted for consent_date", arguments: [
        ("2026-03-01", "2026-03-01"), ("01/03/2026", "2026-03-01"), ("1/3/2026", "2026-03-01"), ("01-03-2026", "2026-03-01"),
        ("01.03.2026", "2026-03-01"), (" 2026-03-01 ", "2026-03-01"), ("2026-03-01T10:00:00+01:00", "2026-03-01"),
        ("2026-03-01 10:00", "2026-03-01"),
    ])
    func dates(text: String, expected: String) {
        #expect(CalendarDay(parsing: text)?.description == expected)
    }

    @Test("Bad dates are nil", arguments: ["", "2026", "2026-03", "03/2026/01", "2026-02-30", "01/13/2026", "12345-01-01", "a/b/c"])
    func badDates(text: String) {
        #expect(CalendarDay(parsing: text) == nil)
    }
}
