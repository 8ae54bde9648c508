/// Pretty JSON text with the fields in their stored order, so the same scenario always
/// produces the same bytes (stable diffs, reproducible `scenario new` output).
///
///     JSONValue.object([JSONField("a", .number(1))]).prettyPrinted()
///     // {\n  "a": 1\n}
extension JSONValue {
    public func prettyPrinted(indent: String = "  ") -> String {
        var out = ""
        write(into: &out, level: 0, indent: indent)
        out.append("\n")
        return out
    }

    private func write(into out: inout String, level: Int, indent: String) {
        switch self {
        case .null: out.append("null")
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .number(let number): out.append(Self.format(number))
        case .string(let text): Self.appendQuoted(text, to: &out)
        case .array(let items):
            if items.isEmpty { out.append("[]"); return }
            out.append("[\n")
            for (index, item) in items.enumerated() {
                out.append(String(repeating: indent, count: level + 1))
                item.write(into: &out, level: level + 1, indent: indent)
                out.append(index == items.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: indent, count: level) + "]")
        case .object(let fields):
            if fields.isEmpty { out.append("{}"); return }
            out.append("{\n")
            for (index, field) in fields.enumerated() {
                out.append(String(repeating: indent, count: level + 1))
                Self.appendQuoted(field.key, to: &out)
                out.append(": ")
                field.value.write(into: &out, level: level + 1, indent: indent)
                out.append(index == fields.count - 1 ? "\n" : ",\n")
            }
            out.append(String(repeating: indent, count: level) + "}")
        }
    }

    static func format(_ number: Double) -> String {
        if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
            return String(Int64(number))
        }
        return number.isFinite ? "\(number)" : "null"
    }

    static func appendQuoted(_ text: String, to out: inout String) {
        out.append("\"")
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }
}
