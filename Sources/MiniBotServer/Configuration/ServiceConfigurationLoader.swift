import Configuration
import Foundation

/// Reads the service's variables from the process environment over a `.env` file (the process
/// wins, as with systemd's `EnvironmentFile=` plus `Environment=`), through swift-configuration.
///
/// Values may be quoted (`"…"`, `'…'`) and unquoted values may end in a comment after a space,
/// as in the seed's `.env` (`AUDIO_VOLUME_ADJUST=2.0   # +2dB boost`).
/// ```swift
/// let values = try await ServiceConfigurationLoader.values(environmentFile: ".env")
/// let configuration = try ServiceConfiguration(values: values)
/// ```
public enum ServiceConfigurationLoader {
    /// Variables whose values are never logged or printed.
    public static let secretVariables: Set<String> = [
        "API_PASSWORD", "FREESWITCH_ESL_PASSWORD", "ASTERISK_ARI_PASSWORD", "DATABASE_URL",
        "OPENAI_API_KEY", "GROQ_API_KEY", "DEEPGRAM_API_KEY", "WHISPER_API_KEY", "LLM_API_KEY",
    ]

    /// The documented variables' values (see `.env.example`), merged from the environment and the file.
    public static func values(environmentFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> [String: String] {
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secretVariables)),
        ]
        if let environmentFile, let fileValues = try fileValues(environmentFile) {
            providers.append(EnvironmentVariablesProvider(environmentVariables: fileValues, secretsSpecifier: .specific(secretVariables)))
        }
        let reader = ConfigReader(providers: providers)
        var values: [String: String] = [:]
        for variable in ServiceVariables.all {
            if let raw = reader.string(forKey: ConfigKey([variable.name]), isSecret: secretVariables.contains(variable.name)) {
                values[variable.name] = unquoted(raw)
            }
        }
        return values
    }

    /// The file's `NAME=value` lines; nil when it does not exist. Read as a stream rather than through
    /// swift-configuration's file provider, which refuses non-regular files: `--env-file /dev/null`
    /// (no file settings) and a process substitution must work like any readable file (issue 16).
    static func fileValues(_ path: String) throws -> [String: String]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ConfigurationError(variable: "--env-file", message: "\(path) exists but cannot be read (check its permissions)")
        }
        defer { try? handle.close() }
        let data = (try? handle.readToEnd()) ?? Data()
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// `.env` syntax: `NAME=value` per line, `#` comment lines, blank lines, an optional `export ` prefix.
    /// Values keep their quotes and trailing comments here; ``unquoted(_:)`` strips them.
    static func parse(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for rawLine in text.split(whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst("export ".count)) }
            guard let separator = line.firstIndex(of: "=") else { continue }
            let name = line[..<separator].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { continue }
            values[name] = String(line[line.index(after: separator)...])
        }
        return values
    }

    /// `"a b"` → `a b`; `2.0   # comment` → `2.0`.
    static func unquoted(_ raw: String) -> String {
        let value = raw.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
            return String(value.dropFirst().dropLast())
        }
        if let comment = value.range(of: #"\s#"#, options: .regularExpression) {
            return String(value[..<comment.lowerBound]).trimmingCharacters(in: .whitespaces)
        }
        return value
    }
}
