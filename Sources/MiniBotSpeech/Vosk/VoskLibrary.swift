#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The Vosk C API, loaded at run time from `libvosk.so` with `dlopen` and resolved with `dlsym`
/// into `@convention(c)` function pointers — no C header, no module map, no link-time dependency,
/// so the package builds on machines without Vosk and only the `vosk` engine needs it.
///
/// The library stays loaded for the life of the process (it is never `dlclose`d: models and
/// recognizers may outlive any one owner).
/// ```swift
/// let library = try VoskLibrary.locate(configuredPath: env["VOSK_LIBRARY_PATH"], environment: env)
/// let model = try VoskModel(library: library, path: "/models/vosk-model-small-fr-0.22")
/// ```
public final class VoskLibrary: @unchecked Sendable {
    // @unchecked: every stored property is an immutable C function pointer or String, set once in init.
    typealias ModelNew = @convention(c) (UnsafePointer<CChar>?) -> OpaquePointer?
    typealias ModelFree = @convention(c) (OpaquePointer?) -> Void
    typealias RecognizerNew = @convention(c) (OpaquePointer?, Float) -> OpaquePointer?
    typealias RecognizerFree = @convention(c) (OpaquePointer?) -> Void
    typealias AcceptWaveformS = @convention(c) (OpaquePointer?, UnsafePointer<Int16>?, Int32) -> Int32
    typealias ResultJSON = @convention(c) (OpaquePointer?) -> UnsafePointer<CChar>?
    typealias SetLogLevel = @convention(c) (Int32) -> Void
    typealias SetWords = @convention(c) (OpaquePointer?, Int32) -> Void

    /// The file that was loaded.
    public let path: String
    let modelNew: ModelNew
    let modelFree: ModelFree
    let recognizerNew: RecognizerNew
    let recognizerFree: RecognizerFree
    let acceptWaveformS: AcceptWaveformS
    let partialResult: ResultJSON
    let result: ResultJSON
    let finalResult: ResultJSON
    let setLogLevel: SetLogLevel
    /// Optional (present since Vosk 0.3.x): asks for per-word confidences in results.
    let setWords: SetWords?

    /// Loads the library at `path`. `logLevel` is passed to `vosk_set_log_level` (-1 silences Kaldi).
    /// Throws `engineUnavailable` naming the path when the file is absent, not loadable, or lacks a symbol.
    public init(path: String, logLevel: Int32 = -1) throws(RecognitionError) {
        guard access(path, F_OK) == 0 else {
            throw .engineUnavailable("libvosk not found at \(path)")
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw .engineUnavailable("cannot load libvosk at \(path): \(reason)")
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(RecognitionError) -> T {
            guard let raw = dlsym(handle, name) else {
                throw .engineUnavailable("\(path) has no symbol \(name); is it libvosk?")
            }
            return unsafeBitCast(raw, to: type)
        }
        self.path = path
        modelNew = try symbol("vosk_model_new", as: ModelNew.self)
        modelFree = try symbol("vosk_model_free", as: ModelFree.self)
        recognizerNew = try symbol("vosk_recognizer_new", as: RecognizerNew.self)
        recognizerFree = try symbol("vosk_recognizer_free", as: RecognizerFree.self)
        acceptWaveformS = try symbol("vosk_recognizer_accept_waveform_s", as: AcceptWaveformS.self)
        partialResult = try symbol("vosk_recognizer_partial_result", as: ResultJSON.self)
        result = try symbol("vosk_recognizer_result", as: ResultJSON.self)
        finalResult = try symbol("vosk_recognizer_final_result", as: ResultJSON.self)
        setLogLevel = try symbol("vosk_set_log_level", as: SetLogLevel.self)
        setWords = dlsym(handle, "vosk_recognizer_set_words").map { unsafeBitCast($0, to: SetWords.self) }
        setLogLevel(logLevel)
    }

    /// Loads the configured library, or the first `libvosk.so` found by ``VoskLibraryDiscovery``.
    /// Throws `engineUnavailable` listing every place searched when none exists.
    public static func locate(
        configuredPath: String?,
        environment: [String: String],
        logLevel: Int32 = -1
    ) throws(RecognitionError) -> VoskLibrary {
        if let configuredPath, !configuredPath.isEmpty {
            return try VoskLibrary(path: configuredPath, logLevel: logLevel)
        }
        let patterns = VoskLibraryDiscovery.libraryPatterns(environment: environment)
        guard let found = VoskLibraryDiscovery.firstExisting(patterns) else {
            throw .engineUnavailable("libvosk.so not found (set VOSK_LIBRARY_PATH or `pip install vosk`); searched: "
                + patterns.joined(separator: ", "))
        }
        return try VoskLibrary(path: found, logLevel: logLevel)
    }
}
