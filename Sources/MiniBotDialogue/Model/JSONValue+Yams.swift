import Yams

/// Parses JSON or YAML text into ordered `JSONValue`s with Yams (YAML is a superset of JSON),
/// so both formats share one decoder and one set of error messages.
///
///     let value = try JSONValue.parse("{\"steps\": {}}")
extension JSONValue {
    public static func parse(_ text: String) throws(ScenarioDecodingError) -> JSONValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ScenarioDecodingError(path: "", message: "not valid JSON or YAML: \(error)")
        }
        guard let node else { throw ScenarioDecodingError(path: "", message: "the document is empty") }
        return try convert(node, path: "")
    }

    private static func convert(_ node: Node, path: String) throws(ScenarioDecodingError) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar)
        case .sequence(let sequence):
            var items: [JSONValue] = []
            for (index, item) in sequence.enumerated() {
                items.append(try convert(item, path: path + "[\(index)]"))
            }
            return .array(items)
        case .mapping(let mapping):
            var fields: [JSONField] = []
            var seen: Set<String> = []
            for pair in mapping {
                guard case .scalar(let keyScalar) = pair.key else {
                    throw ScenarioDecodingError(path: path, message: "object keys must be strings")
                }
                let key = keyScalar.string
                let childPath = path.isEmpty ? key : path + "." + key
                guard seen.insert(key).inserted else {
                    throw ScenarioDecodingError(path: childPath, message: "duplicate key \"\(key)\"")
                }
                fields.append(JSONField(key, try convert(pair.value, path: childPath)))
            }
            return .object(fields)
        case .alias:
            throw ScenarioDecodingError(path: path, message: "YAML aliases are not supported in scenario files")
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "null", "Null", "NULL", "~", "": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let number = Double(text), number.isFinite, !text.hasPrefix("0x"), text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true {
            return .number(number)
        }
        return .string(text)
    }
}
