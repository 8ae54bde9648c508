import Foundation

/// Where the files shipped with `MiniBotLanguage` live (objection themes, the intent corpus).
///
/// Resources are copied as one `Resources` folder so operators can browse and copy them; this
/// type hides `Bundle.module` so tests, benchmarks and the CLI can reach the same files.
///
/// ```swift
/// let url = LanguageResources.url("objections/finance.json")
/// ```
public enum LanguageResources {
    /// The `Resources` folder inside the module's bundle, if the bundle is present.
    public static var directory: URL? {
        Bundle.module.url(forResource: "Resources", withExtension: nil)
    }

    /// A file below `Resources`, e.g. `"corpus/intents.tsv"`; nil when the bundle is missing.
    public static func url(_ relativePath: String) -> URL? {
        directory?.appendingPathComponent(relativePath)
    }
}
