/// A JSON (or YAML) document as ordered values.
///
/// Why not `Codable` dictionaries: scenario files are written by people, so the loader must
/// keep the author's step order (for graphs, the wizard's output and stable diffs) and report
/// errors with a JSON path. An object is an ordered list of fields.
///
///     let value = JSONValue.object([JSONField("timeout", .number(15))])
///     value["timeout"]  // .number(15)
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONField])

    /// The value of the first field named `key`, when this is an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields.first { $0.key == key }?.value
    }

    /// A short name of the kind of value, for error messages ("a string", "an object"…).
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` pair of a JSON object, in file order.
public struct JSONField: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}
