/// Settings of an OpenAI-compatible transcription endpoint, `POST {baseURL}/v1/audio/transcriptions`.
/// Works with faster-whisper-server / speaches, OpenAI, Groq (`https://api.groq.com/openai`) and any
/// server implementing that route. whisper.cpp's own `/inference` route is NOT supported: run
/// whisper.cpp's server behind an OpenAI-compatible proxy, or use faster-whisper-server.
///
/// ```swift
/// let config = WhisperConfiguration(baseURL: "http://127.0.0.1:8000", model: "Systran/faster-whisper-small")
/// config.endpoint // "http://127.0.0.1:8000/v1/audio/transcriptions"
/// ```
public struct WhisperConfiguration: Sendable, Equatable {
    /// `json` gives only the text (confidence is then reported as 1); `verbose_json` adds segments
    /// with `avg_logprob` and `no_speech_prob`, used for confidence and silence filtering.
    public enum ResponseFormat: String, Sendable, Equatable, CaseIterable {
        case json
        case verboseJSON = "verbose_json"
    }

    /// Server root, with or without a trailing `/v1` (e.g. `http://localhost:8000`, `https://api.openai.com/v1`).
    public var baseURL: String
    /// `model` form field (e.g. `whisper-1`, `whisper-large-v3`, `Systran/faster-whisper-small`).
    public var model: String
    /// Sent as `Authorization: Bearer <key>` when set.
    public var apiKey: String?
    /// ISO-639-1 language sent as `language` (French by default).
    public var language: String
    public var responseFormat: ResponseFormat
    /// Deadline for one upload, from sending the request to the last byte of the answer.
    public var timeout: Duration
    /// Audio kept per utterance; frames beyond it are dropped (bounds memory per call).
    public var maxUtteranceSeconds: Int
    /// Whisper's own silence rule: a segment with `no_speech_prob` above this and `avg_logprob`
    /// below ``logprobThreshold`` is dropped from the text.
    public var noSpeechThreshold: Double
    public var logprobThreshold: Double
    /// Largest answer body read (bytes).
    public var maxResponseBytes: Int

    public init(
        baseURL: String,
        model: String = "whisper-1",
        apiKey: String? = nil,
        language: String = "fr",
        responseFormat: ResponseFormat = .verboseJSON,
        timeout: Duration = .seconds(10),
        maxUtteranceSeconds: Int = 30,
        noSpeechThreshold: Double = 0.6,
        logprobThreshold: Double = -1.0,
        maxResponseBytes: Int = 1 << 20
    ) {
        self.baseURL = baseURL
        self.model = model
        self.apiKey = apiKey
        self.language = language
        self.responseFormat = responseFormat
        self.timeout = timeout
        self.maxUtteranceSeconds = maxUtteranceSeconds
        self.noSpeechThreshold = noSpeechThreshold
        self.logprobThreshold = logprobThreshold
        self.maxResponseBytes = maxResponseBytes
    }

    /// The transcription URL: `baseURL` without trailing `/` or `/v1`, plus `/v1/audio/transcriptions`.
    public var endpoint: String {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        return root + "/v1/audio/transcriptions"
    }
}
