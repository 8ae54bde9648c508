import Configuration
import Foundation
import SystemPackage

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
        "OPENAI_API_KEY", "GROQ_API_KEY", "DEEPGRAM_API_KEY", "WHISPER_API_KEY",
    ]

    /// The documented variables' values (see `.env.example`), merged from the environment and the file.
    public static func values(environmentFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> [String: String] {
        var providers: [any ConfigProvider] = [
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secretVariables)),
        ]
        if let environmentFile {
            providers.append(try await EnvironmentVariablesProvider(environmentFilePath: FilePath(environmentFile), allowMissing: true,
                                                                    secretsSpecifier: .specific(secretVariables)))
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
