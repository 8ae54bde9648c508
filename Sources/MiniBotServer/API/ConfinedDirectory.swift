import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder files may be served from, and nothing outside it: candidates are resolved with
/// `realpath` (so `..`, absolute paths and symbolic links pointing out are all seen for what
/// they are) and kept only when the real path is a regular file under the folder's real path.
///
/// ```swift
/// let recordings = ConfinedDirectory("/var/lib/minibot/recordings")
/// recordings.file("abc.wav")            // "/var/lib/minibot/recordings/abc.wav"
/// recordings.file("../../etc/passwd")   // nil
/// ```
struct ConfinedDirectory: Sendable {
    /// The folder's real path, nil when it does not exist.
    let root: String?

    init(_ path: String) {
        root = Self.realPath(path)
    }

    /// The real path of `candidate` (relative to the folder, or as stored: absolute or
    /// relative to the working directory) when it is a regular file inside the folder.
    func file(_ candidate: String) -> String? {
        guard let root, !candidate.isEmpty, !candidate.contains("\0") else { return nil }
        let joined = candidate.hasPrefix("/") ? candidate : root + "/" + candidate
        return confined(joined)
    }

    /// A path as stored in the database (absolute, or relative to the working directory).
    func storedFile(_ stored: String) -> String? {
        guard !stored.isEmpty, !stored.contains("\0") else { return nil }
        return confined(stored)
    }

    private func confined(_ path: String) -> String? {
        guard let root, let real = Self.realPath(path), real.hasPrefix(root == "/" ? "/" : root + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
