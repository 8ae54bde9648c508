/// Reads typed fields out of one JSON object and names the JSON path when a value has the
/// wrong type, e.g. `steps.hello.timeout: expected a number, found a string`.
struct ObjectReader {
    let fields: [JSONField]
    let path: String
    private(set) var consumed: Set<String> = []

    init(_ value: JSONValue, path: String) throws(ScenarioDecodingError) {
        guard case .object(let fields) = value else {
            throw ScenarioDecodingError(path: path, message: "expected an object, found \(value.kindDescription)")
        }
        self.fields = fields
        self.path = path
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    mutating func raw(_ key: String) -> JSONValue? {
        consumed.insert(key)
        guard let value = fields.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    mutating func string(_ key: String) throws(ScenarioDecodingError) -> String? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .string(let text): return text
        case .number(let number): return JSONValue.format(number)
        default: throw mismatch(key, "a string", value)
        }
    }

    mutating func number(_ key: String) throws(ScenarioDecodingError) -> Double? {
        guard let value = raw(key) else { return nil }
        guard case .number(let number) = value else { throw mismatch(key, "a number", value) }
        return number
    }

    mutating func integer(_ key: String) throws(ScenarioDecodingError) -> Int? {
        guard let number = try number(key) else { return nil }
        guard number == number.rounded(), abs(number) < 1e9 else {
            throw ScenarioDecodingError(path: childPath(key), message: "expected a whole number, found \(JSONValue.format(number))")
        }
        return Int(number)
    }

    mutating func bool(_ key: String) throws(ScenarioDecodingError) -> Bool? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        case .string(let text) where ["oui", "yes", "true"].contains(text.lowercased()): return true
        case .string(let text) where ["non", "no", "false"].contains(text.lowercased()): return false
        default: throw mismatch(key, "true or false", value)
        }
    }

    /// An object whose values are all strings, in order (intent mappings, variables…).
    mutating func stringPairs(_ key: String) throws(ScenarioDecodingError) -> [(String, String)] {
        guard let value = raw(key) else { return [] }
        guard case .object(let pairs) = value else { throw mismatch(key, "an object", value) }
        var result: [(String, String)] = []
        for pair in pairs {
            switch pair.value {
            case .string(let text): result.append((pair.key, text))
            case .number(let number): result.append((pair.key, JSONValue.format(number)))
            default:
                throw ScenarioDecodingError(path: childPath(key) + "." + pair.key,
                                            message: "expected a string, found \(pair.value.kindDescription)")
            }
        }
        return result
    }

    /// Fields not read by the decoder, kept as `extras`.
    var unknownFields: [JSONField] { fields.filter { !consumed.contains($0.key) } }

    private func mismatch(_ key: String, _ expected: String, _ found: JSONValue) -> ScenarioDecodingError {
        ScenarioDecodingError(path: childPath(key), message: "expected \(expected), found \(found.kindDescription)")
    }
}
