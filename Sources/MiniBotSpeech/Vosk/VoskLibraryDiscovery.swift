#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a Python `pip install vosk` puts `libvosk.so`, as glob patterns, so operators who
/// installed Vosk the usual way need no extra setting. Nothing is executed to find it (no
/// `python3 -c`): only the environment and the file system are read.
///
/// Order: `$VOSK_LIBRARY_PATH` (a file or a directory), the active virtualenv, the user's
/// `~/.local`, `/usr/local`, `/usr`, then pyenv versions.
/// ```swift
/// VoskLibraryDiscovery.libraryPatterns(environment: ["HOME": "/root"])
/// // ["/root/.local/lib/python3*/site-packages/vosk/libvosk.so", …]
/// ```
public enum VoskLibraryDiscovery {
    /// Python `site-packages`/`dist-packages` directory patterns, most specific first.
    public static func sitePackagesPatterns(environment: [String: String]) -> [String] {
        var roots: [String] = []
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { roots.append(venv) }
        if let conda = environment["CONDA_PREFIX"], !conda.isEmpty { roots.append(conda) }
        if let home = environment["HOME"], !home.isEmpty { roots.append(home + "/.local") }
        roots += ["/usr/local", "/usr"]
        var patterns: [String] = []
        for root in roots {
            patterns.append(root + "/lib/python3*/site-packages")
            patterns.append(root + "/lib/python3*/dist-packages")
        }
        patterns.append("/usr/lib/python3/dist-packages")
        if let home = environment["HOME"], !home.isEmpty {
            let pyenv = environment["PYENV_ROOT"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.pyenv"
            patterns.append(pyenv + "/versions/*/lib/python3*/site-packages")
        }
        return patterns
    }

    /// Candidate `libvosk.so` paths or glob patterns, `$VOSK_LIBRARY_PATH` first.
    public static func libraryPatterns(environment: [String: String]) -> [String] {
        var patterns: [String] = []
        if let explicit = environment["VOSK_LIBRARY_PATH"], !explicit.isEmpty {
            patterns.append(explicit.hasSuffix(".so") || explicit.contains(".so.") || explicit.hasSuffix(".dylib")
                ? explicit : explicit + "/libvosk.so")
        }
        patterns += sitePackagesPatterns(environment: environment).map { $0 + "/vosk/libvosk.so" }
        return patterns
    }

    /// The first existing file matched by `patterns`, in order; when one pattern matches several
    /// files (several Python versions), the lexically greatest path wins.
    public static func firstExisting(_ patterns: [String]) -> String? {
        for pattern in patterns {
            if let match = expand(pattern).last { return match }
        }
        return nil
    }

    /// Existing paths matching one glob pattern, sorted.
    public static func expand(_ pattern: String) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        guard glob(pattern, 0, nil, &result) == 0 else { return [] }
        var paths: [String] = []
        for index in 0..<Int(result.gl_pathc) {
            if let cString = result.gl_pathv[index] { paths.append(String(cString: cString)) }
        }
        return paths.sorted()
    }
}
