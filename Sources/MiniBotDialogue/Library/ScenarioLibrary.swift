import Foundation

/// Scenarios named by file name from one folder (SPEC F2), shared by the CLI and the REST API
/// so `finance_agent`, `finance_agent.json` and `finance_agent.yaml` mean the same file everywhere.
///
/// The CLI also accepts a path (`./my/file.yaml`); the API does not (`allowsPaths: false`),
/// so a client can only name files of the scenarios folder.
///
/// ```swift
/// let library = ScenarioLibrary(folder: "scenarios")
/// let (path, scenario) = try library.load("finance_agent")
/// let reference = try library.checked("finance_agent")   // throws when the scenario has errors
/// ```
public struct ScenarioLibrary: Sendable {
    public var folder: String
    /// Whether a name may also be a path to an existing file outside the folder.
    public var allowsPaths: Bool

    public static let extensions = ["json", "yaml", "yml"]

    public init(folder: String = "scenarios", allowsPaths: Bool = true) {
        self.folder = folder
        self.allowsPaths = allowsPaths
    }

    /// The file a scenario name refers to, or nil.
    public func path(for name: String) -> String? {
        let fileManager = FileManager.default
        if allowsPaths {
            if fileManager.fileExists(atPath: name) { return name }
        } else if name.isEmpty || name.contains("/") || name.contains("\\") || name.hasPrefix(".") {
            return nil
        }
        for candidate in [name] + Self.extensions.map({ name + "." + $0 }) {
            let path = folder + "/" + candidate
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { return path }
        }
        return nil
    }

    public func load(_ name: String) throws(ScenarioLibraryError) -> (path: String, scenario: Scenario) {
        guard let path = path(for: name) else { throw .notFound(name: name, folder: folder, pathsAllowed: allowsPaths) }
        do {
            return (path, try Scenario.load(path: path))
        } catch {
            throw .unreadable(error)
        }
    }

    /// The reference to store for a campaign: the scenario must exist and have no validation error.
    public func checked(_ reference: String, validator: ScenarioValidator = ScenarioValidator())
        throws(ScenarioLibraryError) -> String {
        let (path, scenario) = try load(reference)
        let report = validator.validate(scenario)
        guard report.isValid else { throw .invalid(path: path, errors: report.errors) }
        return reference
    }

    /// Scenario files of the folder, sorted by name (`GET /scenarios`).
    public func files() -> [ScenarioFile] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap { file in
            let ext = (file as NSString).pathExtension.lowercased()
            guard Self.extensions.contains(ext), !file.hasPrefix(".") else { return nil }
            return ScenarioFile(name: (file as NSString).deletingPathExtension, file: file, path: folder + "/" + file)
        }
    }
}

/// One file of a ``ScenarioLibrary`` folder.
public struct ScenarioFile: Sendable, Hashable {
    /// The name to give commands and the API (file name without extension).
    public var name: String
    public var file: String
    public var path: String
}

/// Why a scenario reference cannot be used; the descriptions are the CLI's messages.
public enum ScenarioLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(name: String, folder: String, pathsAllowed: Bool)
    case unreadable(ScenarioDecodingError)
    case invalid(path: String, errors: [ValidationIssue])

    public var description: String {
        switch self {
        case .notFound(let name, let folder, let pathsAllowed):
            let looked = pathsAllowed ? "looked for the path and in \(folder)/" : "looked in \(folder)/"
            return "scenario \(name) not found (\(looked) with .json, .yaml, .yml)"
        case .unreadable(let error):
            return "\(error)"
        case .invalid(let path, let errors):
            return "scenario \(path) is invalid:\n" + errors.map { "  \($0.path): \($0.message)" }.joined(separator: "\n")
        }
    }
}
