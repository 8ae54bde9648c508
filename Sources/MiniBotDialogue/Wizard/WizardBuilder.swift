import MiniBotLanguage

/// Turns the wizard's answers into seed 000's step layout: hello, retry_hello, retry_silence,
/// q1…qN, is_leads, retry_is_leads, confirm_time, bye, bye_failed, not_understood.
struct WizardBuilder {
    let answers: WizardAnswers

    func build() -> Scenario {
        let count = answers.questions.count
        let questionIDs = (1...max(1, count)).map { "q\($0)" }
        var steps: [ScenarioStep] = []
        steps.append(step("hello", "Bonjour {{first_name}}, je suis {{agent_name}} de {{company_name}}. Auriez-vous deux minutes à m'accorder ?",
                          mapping: [("affirm", "q1"), ("unsure", "q1"), ("deny", "retry_hello"), ("silence", "retry_silence"),
                                    ("objection", "hello"), ("question", "hello"), ("*", "retry_hello")]))
        steps.append(step("retry_hello", "Je comprends. Cela ne prendra vraiment que deux minutes, puis-je vous poser quelques questions ?",
                          mapping: [("affirm", "q1"), ("unsure", "q1"), ("deny", "bye_failed"), ("silence", "retry_silence"),
                                    ("objection", "retry_hello"), ("question", "retry_hello"), ("*", "bye_failed")]))
        steps.append(step("retry_silence", "Allô, vous m'entendez ?",
                          mapping: [("deny", "bye_failed"), ("*", ScenarioStep.returnTarget)], autonomous: false))
        for (index, text) in answers.questions.enumerated() {
            let id = questionIDs[index]
            let next = index + 1 < count ? questionIDs[index + 1] : "is_leads"
            let determinant = index < answers.determinant.count && answers.determinant[index]
            let refusal = determinant ? "bye_failed" : next
            var question = step(id, text, mapping: [("affirm", next), ("deny", refusal), ("unsure", next), ("silence", "retry_silence"),
                                                    ("objection", id), ("question", id), ("*", refusal)])
            question.determinant = determinant
            steps.append(question)
        }
        steps.append(step("is_leads", answers.isLeads,
                          mapping: [("affirm", "confirm_time"), ("deny", "retry_is_leads"), ("unsure", "retry_is_leads"),
                                    ("silence", "retry_silence"), ("objection", "is_leads"), ("question", "is_leads"), ("*", "retry_is_leads")]))
        var retryIsLeads = step("retry_is_leads", "C'est sans aucun engagement de votre part. Voulez-vous que l'on fixe ce rendez-vous ?",
                                mapping: [("affirm", "confirm_time"), ("deny", "bye_failed"), ("silence", "retry_silence"),
                                          ("objection", "retry_is_leads"), ("question", "retry_is_leads"), ("*", "bye_failed")])
        retryIsLeads.scoreAs = "is_leads"
        steps.append(retryIsLeads)
        var confirm = step("confirm_time", "Parfait ! Un conseiller de {{company_name}} vous rappelle sous 48 heures.", mapping: [], autonomous: false)
        confirm.next = "bye"
        steps.append(confirm)
        var bye = step("bye", "Merci {{first_name}} et excellente journée !", mapping: [], autonomous: false)
        bye.result = "completed"
        bye.bargeIn = false
        steps.append(bye)
        var failed = step("bye_failed", "Je comprends, merci pour votre temps et bonne journée !", mapping: [], autonomous: false)
        failed.result = CallResult.notInterested.rawValue
        failed.bargeIn = false
        steps.append(failed)
        steps.append(step("not_understood", "Excusez-moi, je n'ai pas bien compris.",
                          mapping: [("*", ScenarioStep.returnTarget)], autonomous: false))

        var weights: [StepWeight] = []
        for (index, weight) in answers.weights.enumerated() {
            weights.append(StepWeight(index < count ? questionIDs[index] : "is_leads", weight))
        }
        let metadata = ScenarioMetadata(
            name: answers.name, description: answers.description, version: "3.0",
            themeFile: "objections_\(answers.theme)", voice: answers.voice, bargeInDefault: answers.bargeIn,
            objective: answers.objective, agentMode: true, startStep: "hello")
        return Scenario(
            metadata: metadata,
            variables: [ScenarioVariable("first_name", "{{first_name}}"), ScenarioVariable("company_name", answers.company),
                        ScenarioVariable("agent_name", answers.agent)],
            steps: steps,
            qualificationRules: QualificationRules(leadThreshold: answers.threshold, scoringWeights: weights))
    }

    private func step(_ id: String, _ text: String, mapping: [(String, String)], autonomous: Bool = true) -> ScenarioStep {
        ScenarioStep(
            id: id, messageText: text, audioFile: "\(answers.voice)/base/\(id).wav", audioType: "audio",
            voice: answers.voice, bargeIn: answers.bargeIn, timeout: 15,
            maxAutonomousTurns: autonomous ? answers.maxTurns : 0,
            intentMapping: mapping.map { IntentMappingEntry(MappingKey($0.0), $0.1) })
    }
}
