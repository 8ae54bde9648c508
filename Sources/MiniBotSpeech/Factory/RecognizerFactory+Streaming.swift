import Logging

extension RecognizerFactory {
    /// Deepgram live or vosk-server, validating their variables.
    static func makeStreaming(_ configuration: RecognizerConfiguration, logger: Logger) throws(RecognizerConfigurationError)
        -> StreamingRecognizer {
        let settings = configuration.streaming
        var options = StreamingOptions(finishTimeout: configuration.timeout, keepAliveInterval: settings.keepAliveInterval)
        options.connectTimeout = min(configuration.timeout, .seconds(3))
        switch configuration.engine {
        case .deepgram:
            guard let key = settings.deepgramAPIKey else {
                throw RecognizerConfigurationError(variable: "DEEPGRAM_API_KEY",
                    reason: "required when STT_ENGINE=deepgram (a key from console.deepgram.com)")
            }
            guard StreamingEngineSettings.isWebSocketURL(settings.deepgramURL) else {
                throw RecognizerConfigurationError(variable: "DEEPGRAM_URL", reason: "\"\(settings.deepgramURL)\" is not a ws:// or wss:// URL")
            }
            return StreamingRecognizer(
                dialect: DeepgramDialect(baseURL: settings.deepgramURL, apiKey: key, language: settings.deepgramLanguage,
                                         model: settings.deepgramModel),
                options: options, logger: logger)
        default:
            guard let url = settings.voskServerURL else {
                throw RecognizerConfigurationError(variable: "VOSK_SERVER_URL",
                    reason: "required when STT_ENGINE=vosk-server (alphacep vosk-server, e.g. VOSK_SERVER_URL=ws://127.0.0.1:2700)")
            }
            guard StreamingEngineSettings.isWebSocketURL(url) else {
                throw RecognizerConfigurationError(variable: "VOSK_SERVER_URL", reason: "\"\(url)\" is not a ws:// or wss:// URL")
            }
            return StreamingRecognizer(dialect: VoskServerDialect(url: url), options: options, logger: logger)
        }
    }
}
