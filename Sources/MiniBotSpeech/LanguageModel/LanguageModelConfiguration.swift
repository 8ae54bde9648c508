/// Which language model to use, read from the environment (`LLM_ENGINE`, `OLLAMA_URL`,
/// `OLLAMA_MODEL`, `LLM_URL`, `LLM_API_KEY`, `LLM_MODEL`, `LLM_TIMEOUT_MS`). Pure: a dictionary in,
/// a value or an error naming the variable out.
///
/// ```swift
/// let configuration = try LanguageModelConfiguration(values: ["LLM_ENGINE": "openai", "LLM_URL": "http://127.0.0.1:8080"])
/// configuration?.endpoint   // "http://127.0.0.1:8080/v1/chat/completions"
/// try LanguageModelConfiguration(values: [:])   // nil: LLM_ENGINE=none, rules only
/// ```
public struct LanguageModelConfiguration: Sendable, Equatable {
    public enum Engine: String, Sendable, Equatable, CaseIterable {
        case ollama
        case openai
    }

    public var engine: Engine
    /// The server root (`http://127.0.0.1:11434`), without the API path.
    public var baseURL: String
    /// Empty for an OpenAI-compatible server that serves one model and ignores the field.
    public var model: String
    public var apiKey: String?
    /// How long a turn waits for the model's first sentence before playing the local fallback.
    public var timeout: Duration
    /// How long Ollama keeps the model loaded after a request (`keep_alive`).
    public var keepAlive: String

    public static let defaultTimeoutMs = 1_500
    public static let defaultOllamaURL = "http://127.0.0.1:11434"
    public static let defaultOllamaModel = "llama3.2:1b"

    public init(engine: Engine, baseURL: String, model: String, apiKey: String? = nil,
                timeout: Duration = .milliseconds(defaultTimeoutMs), keepAlive: String = "30m") {
        self.engine = engine
        self.baseURL = Self.trimmedBase(baseURL, engine: engine)
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
        self.keepAlive = keepAlive
    }

    /// nil when `LLM_ENGINE` is unset, empty or `none`.
    public init?(values raw: [String: String]) throws(LanguageModelConfigurationError) {
        let values = raw.mapValues { $0.trimmed }.filter { !$0.value.isEmpty }
        let name = values["LLM_ENGINE"]?.lowercased() ?? "none"
        guard name != "none" else { return nil }
        guard let engine = Engine(rawValue: name) else {
            throw LanguageModelConfigurationError(variable: "LLM_ENGINE", message: "=\(raw["LLM_ENGINE"] ?? "") is not one of none, ollama, openai")
        }
        var timeoutMs = Self.defaultTimeoutMs
        if let text = values["LLM_TIMEOUT_MS"] {
            guard let value = Int(text), (50...60_000).contains(value) else {
                throw LanguageModelConfigurationError(variable: "LLM_TIMEOUT_MS", message: "=\(text) is not a whole number of milliseconds in 50…60000")
            }
            timeoutMs = value
        }
        let urlVariable = engine == .ollama ? "OLLAMA_URL" : "LLM_URL"
        let url: String
        switch engine {
        case .ollama: url = values["OLLAMA_URL"] ?? values["LLM_URL"] ?? Self.defaultOllamaURL
        case .openai:
            guard let given = values["LLM_URL"] else {
                throw LanguageModelConfigurationError(variable: "LLM_URL", message: "is required with LLM_ENGINE=openai (e.g. http://127.0.0.1:8080)")
            }
            url = given
        }
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), url.count > 8 else {
            throw LanguageModelConfigurationError(variable: urlVariable, message: "=\(url) is not an http(s) URL")
        }
        let model: String
        switch engine {
        case .ollama: model = values["OLLAMA_MODEL"] ?? values["LLM_MODEL"] ?? Self.defaultOllamaModel
        case .openai: model = values["LLM_MODEL"] ?? ""
        }
        self.init(engine: engine, baseURL: url, model: model, apiKey: values["LLM_API_KEY"],
                  timeout: .milliseconds(timeoutMs))
    }

    /// Where chat requests go.
    public var endpoint: String {
        switch engine {
        case .ollama: baseURL + "/api/chat"
        case .openai: baseURL + "/v1/chat/completions"
        }
    }

    /// Where the model list is.
    public var modelsEndpoint: String {
        switch engine {
        case .ollama: baseURL + "/api/tags"
        case .openai: baseURL + "/v1/models"
        }
    }

    /// Accepts `http://h:p`, `http://h:p/`, `http://h:p/v1` and the full chat URL alike.
    static func trimmedBase(_ url: String, engine: Engine) -> String {
        var base = url.trimmed
        while base.hasSuffix("/") { base.removeLast() }
        for suffix in ["/v1/chat/completions", "/chat/completions", "/api/chat", "/v1", "/api"] where base.hasSuffix(suffix) {
            base.removeLast(suffix.count)
            break
        }
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }
}

/// A language-model variable that cannot be used, naming it.
public struct LanguageModelConfigurationError: Error, Equatable, CustomStringConvertible {
    public var variable: String
    public var message: String

    public var description: String { message.hasPrefix("=") ? variable + message : variable + " " + message }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}
