import Foundation

/// The streaming engines' variables and the fallback engine, read with the other recognizer settings:
///
/// | variable | meaning | default |
/// | --- | --- | --- |
/// | `DEEPGRAM_API_KEY` | Deepgram key (required for `STT_ENGINE=deepgram`), sent as `Authorization: Token …` | — |
/// | `DEEPGRAM_URL` | live endpoint (a `ws://127.0.0.1:…` fake in tests) | `wss://api.deepgram.com/v1/listen` |
/// | `DEEPGRAM_MODEL` | `model` query parameter | `nova-2` |
/// | `DEEPGRAM_LANGUAGE` | `language` query parameter | `fr` |
/// | `VOSK_SERVER_URL` | alphacep vosk-server WebSocket (required for `STT_ENGINE=vosk-server`) | — |
/// | `STT_FALLBACK_ENGINE` | engine that finishes an utterance when the main one fails: `simulated`, `vosk`, `whisper`, `vosk-server`, `none` | `none` |
/// | `STT_KEEPALIVE_SECONDS` | idle time before a KeepAlive (Deepgram) | `3` |
/// ```swift
/// let settings = try StreamingEngineSettings(environment: ["STT_FALLBACK_ENGINE": "whisper"])
/// settings.fallback   // .whisper
/// ```
public struct StreamingEngineSettings: Sendable, Equatable {
    public var deepgramAPIKey: String?
    public var deepgramURL: String
    public var deepgramModel: String
    public var deepgramLanguage: String
    public var voskServerURL: String?
    public var fallback: RecognizerConfiguration.Engine?
    public var keepAliveInterval: Duration

    public init(deepgramAPIKey: String? = nil, deepgramURL: String = DeepgramDialect.defaultURL, deepgramModel: String = "nova-2",
                deepgramLanguage: String = "fr", voskServerURL: String? = nil, fallback: RecognizerConfiguration.Engine? = nil,
                keepAliveInterval: Duration = .seconds(3)) {
        self.deepgramAPIKey = deepgramAPIKey
        self.deepgramURL = deepgramURL
        self.deepgramModel = deepgramModel
        self.deepgramLanguage = deepgramLanguage
        self.voskServerURL = voskServerURL
        self.fallback = fallback
        self.keepAliveInterval = keepAliveInterval
    }

    public init(environment: [String: String]) throws(RecognizerConfigurationError) {
        func value(_ name: String) -> String? {
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        var fallback: RecognizerConfiguration.Engine?
        if let raw = value("STT_FALLBACK_ENGINE")?.lowercased(), raw != "none" {
            guard let engine = RecognizerConfiguration.Engine(rawValue: raw) else {
                throw RecognizerConfigurationError(variable: "STT_FALLBACK_ENGINE",
                    reason: "unknown engine \"\(raw)\"; expected none or one of "
                        + RecognizerConfiguration.Engine.allCases.map(\.rawValue).joined(separator: ", "))
            }
            fallback = engine
        }
        var keepAlive = Duration.seconds(3)
        if let raw = value("STT_KEEPALIVE_SECONDS") {
            guard let seconds = Double(raw), seconds.isFinite, seconds >= 0.05, seconds <= 9 else {
                throw RecognizerConfigurationError(variable: "STT_KEEPALIVE_SECONDS",
                    reason: "\"\(raw)\" is not a number of seconds between 0.05 and 9 (Deepgram closes after 10 s idle)")
            }
            keepAlive = .milliseconds(Int64((seconds * 1_000).rounded()))
        }
        self.init(deepgramAPIKey: value("DEEPGRAM_API_KEY"), deepgramURL: value("DEEPGRAM_URL") ?? DeepgramDialect.defaultURL,
                  deepgramModel: value("DEEPGRAM_MODEL") ?? "nova-2", deepgramLanguage: value("DEEPGRAM_LANGUAGE") ?? "fr",
                  voskServerURL: value("VOSK_SERVER_URL"), fallback: fallback, keepAliveInterval: keepAlive)
    }

    /// `ws://` or `wss://` with a host.
    static func isWebSocketURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("ws://") && url.count > 5) || (lower.hasPrefix("wss://") && url.count > 6)
    }
}
