import AsyncHTTPClient
import MiniBotServer
import MiniBotSpeech

extension DoctorCommand {
    /// `LLM_ENGINE`: reachable, model present, one round trip timed (none: rules only, fine).
    func checkLanguageModel(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) async {
        guard let settings = configuration.languageModel else {
            report.pass("language model", "none (LLM_ENGINE unset): unsure intents and unmatched questions use the local fallback")
            return
        }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WhisperRecognizer.httpClientConfiguration())
        let model = HTTPLanguageModel(configuration: settings, client: client)
        let probe = await LanguageModelProbe.run(model, timeout: settings.timeout)
        try? await client.shutdown()
        for line in probe.lines {
            switch line.mark {
            case .pass: report.pass(line.name, line.detail)
            case .fail: report.fail(line.name, line.detail + " (\(settings.endpoint))")
            case .warn: report.warn(line.name, line.detail)
            }
        }
    }
}
