import Foundation

/// What an operator can start on this machine when the configured engine cannot: the message
/// appended to every ``RecognizerConfigurationError`` so "VOSK_MODEL_PATH: required" also says
/// which engines are usable here and the variable that starts each one (issue 16).
///
/// ```swift
/// RecognizerAvailability.hint(voskLibrary: nil, voskModels: [], whisperURL: nil)
/// // "Engines available here: simulated (STT_ENGINE=simulated, no model needed). …"
/// ```
public enum RecognizerAvailability {
    /// Pure: the sentence for what was found (a libvosk path, Vosk model folders, a Whisper URL).
    public static func hint(voskLibrary: String?, voskModels: [String], whisperURL: String?) -> String {
        var available = ["simulated (STT_ENGINE=simulated, no model needed)"]
        var missing: [String] = []
        switch (voskLibrary, voskModels.first) {
        case let (library?, model?):
            available.append("vosk (STT_ENGINE=vosk VOSK_MODEL_PATH=\(model); libvosk at \(library))")
        case (_?, nil):
            missing.append("vosk needs a model folder: download one (e.g. vosk-model-small-fr-0.22) and set VOSK_MODEL_PATH")
        case (nil, _):
            missing.append("vosk needs libvosk (python3 -m pip install vosk, or VOSK_LIBRARY_PATH) and VOSK_MODEL_PATH")
        }
        if let whisperURL {
            available.append("whisper (STT_ENGINE=whisper, WHISPER_URL=\(whisperURL))")
        } else {
            missing.append("whisper needs WHISPER_URL (an OpenAI-compatible /v1/audio/transcriptions server)")
        }
        var sentence = "Engines available here: " + available.joined(separator: ", ") + "."
        if !missing.isEmpty { sentence += " Not ready: " + missing.joined(separator: "; ") + "." }
        return sentence
    }

    /// Looks on disk: libvosk as ``VoskLibraryDiscovery`` finds it, `models/vosk-model*` folders
    /// under the working directory, `WHISPER_URL` from the environment.
    public static func hint(environment: [String: String]) -> String {
        let library = environment["VOSK_LIBRARY_PATH"].flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
            ?? VoskLibraryDiscovery.firstExisting(VoskLibraryDiscovery.libraryPatterns(environment: environment))
        let models = ((try? FileManager.default.contentsOfDirectory(atPath: "models")) ?? [])
            .filter { $0.hasPrefix("vosk-model") }.sorted().map { "models/" + $0 }
        let whisper = environment["WHISPER_URL"].flatMap { $0.isEmpty ? nil : $0 }
        return hint(voskLibrary: library, voskModels: models, whisperURL: whisper)
    }
}
