import Logging
import MiniBotCalls
import MiniBotSpeech
import ServiceLifecycle

/// Loads the language model once at start (Ollama `keep_alive`), so the first call does not pay the
/// model load; then waits for shutdown. A failure is logged, never fatal: calls fall back locally.
struct LanguageModelWarmup: Service {
    let model: any LanguageModel
    let logger: Logger

    func run() async throws {
        let started = ContinuousClock.now
        do {
            try await model.prewarm()
            logger.info("language model ready", metadata: ["engine": "\(model.name)", "model": "\(model.model)",
                                                           "seconds": "\(ContinuousClock.now - started)"])
        } catch is CancellationError {
            return
        } catch {
            logger.warning("language model pre-warm failed; calls will use their local fallback until it answers",
                           metadata: ["engine": "\(model.name)", "error": "\(error)"])
        }
        try? await gracefulShutdown()
    }
}
