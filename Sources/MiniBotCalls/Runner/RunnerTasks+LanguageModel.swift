import MiniBotLanguage

extension RunnerTasks {
    /// Runs one language-model job as a child of the call's task group, until it ends or the controller
    /// cancels it (`cancel` finishes). Without a configured service the job fails at once, so the call
    /// plays its fallback instead of waiting.
    static func generate(_ job: LanguageModelJob, service: LanguageModelService?, cancel: AsyncStream<Void>,
                         deliver: @escaping RunnerDelivery) async {
        guard let service else {
            deliver(.languageModel(.failed(job: job.id, reason: "no language model configured", latencyMs: 0)))
            return
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await service.run(job) { event in deliver(.languageModel(event)) }
            }
            group.addTask {
                for await _ in cancel {}
            }
            _ = await group.next()
            group.cancelAll()
        }
    }
}
