import MiniBotSpeech

/// `minibot serve`'s settings after merging flags over environment variables (flags win),
/// checked once at start with errors that name the flag or variable.
///
/// ```swift
/// let settings = try ServeSettings(audiosocket: nil, scenario: "finance_agent", sounds: nil, recordings: nil,
///                                  stt: nil, maxCalls: nil, environment: ["AUDIOSOCKET_PORT": "9092"])
/// settings.port   // 9092
/// ```
struct ServeSettings: Equatable {
    var host: String
    var port: Int
    var scenario: String
    var sounds: String?
    var recordings: String?
    var stt: RecognizerConfiguration.Engine
    var maxCalls: Int

    init(audiosocket: String?, scenario: String?, sounds: String?, recordings: String?, stt: String?, maxCalls: Int?,
         environment: [String: String]) throws(ServeError) {
        func env(_ name: String) -> String? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            return value
        }
        if let address = audiosocket {
            let parts = address.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), (0...65_535).contains(port) else {
                throw ServeError("--audiosocket \(address): expected HOST:PORT, e.g. 0.0.0.0:9092")
            }
            host = String(parts[0])
            self.port = port
        } else {
            host = env("AUDIOSOCKET_HOST") ?? "0.0.0.0"
            let rawPort = env("AUDIOSOCKET_PORT") ?? "9092"
            guard let port = Int(rawPort), (0...65_535).contains(port) else {
                throw ServeError("AUDIOSOCKET_PORT=\(rawPort): not a TCP port")
            }
            self.port = port
        }
        guard let scenario = scenario ?? env("SCENARIO") else {
            throw ServeError("--scenario is required (or SCENARIO in the environment)")
        }
        self.scenario = scenario
        self.sounds = sounds ?? env("SOUNDS_DIR")
        self.recordings = recordings ?? env("RECORDINGS_DIR")
        let rawEngine = stt ?? env("STT_ENGINE") ?? "vosk"
        guard let engine = RecognizerConfiguration.Engine(rawValue: rawEngine.lowercased()) else {
            throw ServeError("--stt \(rawEngine): expected one of simulated, vosk, whisper")
        }
        self.stt = engine
        if let maxCalls {
            self.maxCalls = maxCalls
        } else if let raw = env("MAX_CONCURRENT_CALLS") {
            guard let value = Int(raw) else { throw ServeError("MAX_CONCURRENT_CALLS=\(raw): not a number") }
            self.maxCalls = value
        } else {
            self.maxCalls = 500
        }
        guard self.maxCalls > 0 else { throw ServeError("the maximum number of concurrent calls must be at least 1") }
    }
}

/// A configuration problem `minibot serve` reports before accepting calls.
struct ServeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
