import Foundation

/// An independent multipart/form-data reader for the tests (binary-safe), so the adapter's
/// builder is checked against a parser it does not share code with.
enum MultipartTestParser {
    struct Part: Sendable, Equatable {
        var name: String
        var filename: String?
        var contentType: String?
        var data: [UInt8]
    }

    enum ParseError: Error, Equatable { case noOpeningBoundary, unterminatedPart, missingHeaderEnd, missingName }

    static func boundary(fromContentType contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() where piece.lowercased().hasPrefix("boundary=") {
            var value = String(piece.dropFirst("boundary=".count))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) throws -> [Part] {
        let opening = Array("--\(boundary)".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        guard let first = find(opening, in: body, from: 0), first == 0 else { throw ParseError.noOpeningBoundary }
        var cursor = opening.count
        var parts: [Part] = []
        while true {
            if body.count >= cursor + 2, body[cursor] == UInt8(ascii: "-"), body[cursor + 1] == UInt8(ascii: "-") { return parts }
            guard body.count >= cursor + 2, body[cursor] == 13, body[cursor + 1] == 10 else { throw ParseError.unterminatedPart }
            cursor += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: body, from: cursor) else { throw ParseError.missingHeaderEnd }
            let headerText = String(decoding: body[cursor..<headerEnd], as: UTF8.self)
            let contentStart = headerEnd + 4
            guard let contentEnd = find(delimiter, in: body, from: contentStart) else { throw ParseError.unterminatedPart }
            var name: String?
            var filename: String?
            var contentType: String?
            for line in headerText.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:") {
                    name = quoted("name", in: line)
                    filename = quoted("filename", in: line)
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            guard let name else { throw ParseError.missingName }
            parts.append(Part(name: name, filename: filename, contentType: contentType, data: Array(body[contentStart..<contentEnd])))
            cursor = contentEnd + delimiter.count
        }
    }

    private static func quoted(_ key: String, in line: String) -> String? {
        for piece in line.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where piece.hasPrefix(key + "=\"") {
            return String(piece.dropFirst(key.count + 2).dropLast())
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
