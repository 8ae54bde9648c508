import Foundation

/// A `multipart/form-data` body split into its parts (RFC 7578), enough for a browser's
/// contacts upload form: `name`, `scenario`, … as text fields and `file` as the CSV.
///
/// ```swift
/// let form = try MultipartFormData(body: data, contentType: "multipart/form-data; boundary=XyZ")
/// form.text("name")            // "Campagne Test"
/// form.file?.data              // the CSV bytes
/// ```
struct MultipartFormData {
    struct Part {
        var name: String
        var filename: String?
        var data: Data
    }

    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    var parts: [Part]

    init(body: Data, contentType: String) throws {
        guard let boundary = Self.parameter("boundary", in: contentType), !boundary.isEmpty else {
            throw FormatError(description: "multipart/form-data without a boundary parameter")
        }
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var index = 0
        while let found = Self.find(delimiter, in: bytes, from: index) {
            positions.append(found)
            index = found + delimiter.count
        }
        guard positions.count >= 2 else { throw FormatError(description: "multipart body has no complete part") }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            if partStart + 1 < bytes.count, bytes[partStart] == 0x0D, bytes[partStart + 1] == 0x0A { partStart += 2 }
            var partEnd = end
            if partEnd - 2 >= partStart, bytes[partEnd - 2] == 0x0D, bytes[partEnd - 1] == 0x0A { partEnd -= 2 }
            guard partStart <= partEnd else { continue }
            let part = Array(bytes[partStart..<partEnd])
            guard let split = Self.find(Array("\r\n\r\n".utf8), in: part, from: 0) else {
                throw FormatError(description: "multipart part without a header/body separator")
            }
            let headerText = String(decoding: part[..<split], as: UTF8.self)
            var name: String?, filename: String?
            for line in headerText.components(separatedBy: "\r\n")
            where line.lowercased().hasPrefix("content-disposition:") {
                name = Self.parameter("name", in: line)
                filename = Self.parameter("filename", in: line)
            }
            guard let name else { throw FormatError(description: "multipart part without a name") }
            parts.append(Part(name: name, filename: filename, data: Data(part[(split + 4)...])))
        }
        self.parts = parts
    }

    /// A text field, trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let part = parts.first(where: { $0.name == name && $0.filename == nil }) else { return nil }
        let value = String(decoding: part.data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }

    /// The uploaded file: the part named `file`, else the first part with a file name.
    var file: Part? {
        parts.first { $0.name == "file" } ?? parts.first { $0.filename != nil }
    }

    /// `name="value"` or `name=value` inside a header value (`; boundary=…`, `; filename="a.csv"`).
    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var j = 1
                while j < needle.count, haystack[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
