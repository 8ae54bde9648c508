/// Why a scenario file could not be read, with the JSON path of the offending value.
///
///     steps.hello.timeout: expected a number, found a string
public struct ScenarioDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted JSON path (`steps.hello.timeout`); empty for the whole document.
    public var path: String
    /// A plain English reason.
    public var message: String
    /// The file the text came from, when known.
    public var file: String?

    public init(path: String, message: String, file: String? = nil) {
        self.path = path
        self.message = message
        self.file = file
    }

    public var description: String {
        let location = [file, path.isEmpty ? nil : path].compactMap { $0 }.joined(separator: ": ")
        return location.isEmpty ? message : "\(location): \(message)"
    }
}
