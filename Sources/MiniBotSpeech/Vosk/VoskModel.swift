#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded Vosk model (acoustic model + graph), shared read-only by every session of a
/// ``VoskRecognizer``: Vosk models are thread-safe and loading one takes seconds, so it
/// happens once per process, never per call. Freed when the last owner goes away.
/// ```swift
/// let model = try VoskModel(library: library, path: "/models/vosk-model-small-fr-0.22")
/// ```
public final class VoskModel: @unchecked Sendable {
    // @unchecked: `pointer` is immutable and Vosk documents VoskModel as safe to share between threads.
    let library: VoskLibrary
    let pointer: OpaquePointer
    /// The model directory.
    public let path: String

    /// Loads the model directory at `path` (blocking, CPU- and disk-heavy: call off the cooperative pool,
    /// as ``VoskRecognizer/load(library:modelPath:)`` does).
    public init(library: VoskLibrary, path: String) throws(RecognitionError) {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw .engineUnavailable("Vosk model directory not found: \(path) (VOSK_MODEL_PATH)")
        }
        guard let pointer = path.withCString({ library.modelNew($0) }) else {
            throw .engineUnavailable("Vosk could not load the model at \(path) (not a Vosk model directory?)")
        }
        self.library = library
        self.pointer = pointer
        self.path = path
    }

    deinit { library.modelFree(pointer) }
}
