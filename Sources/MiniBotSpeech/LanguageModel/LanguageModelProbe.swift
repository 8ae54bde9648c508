import MiniBotLanguage
import Synchronization

/// What `minibot doctor` checks of a configured language model: the server answers its model list,
/// the configured model is on it, and one short chat round trip, timed.
///
/// ```swift
/// let probe = await LanguageModelProbe.run(model, deadline: .seconds(20))
/// probe.lines   // [(.pass, "language model server", "http://… lists 3 model(s)"), …]
/// ```
public struct LanguageModelProbe: Sendable {
    public enum Mark: Sendable, Equatable { case pass, fail, warn }

    public var lines: [(mark: Mark, name: String, detail: String)] = []
    /// Time to the first piece of text and to the end of the answer, when the round trip worked.
    public var firstTextMs: Double?
    public var totalMs: Double?

    public static func run(_ model: any LanguageModel, timeout: Duration, deadline: Duration = .seconds(30)) async -> LanguageModelProbe {
        var probe = LanguageModelProbe()
        let clock = ContinuousClock()
        do {
            let models = try await withDeadline(deadline) { try await model.availableModels() }
            probe.lines.append((.pass, "language model server", "\(model.name) answers, \(models.count) model(s)"))
            if model.model.isEmpty {
                probe.lines.append((.pass, "language model", "no LLM_MODEL: the server's own (\(models.prefix(3).joined(separator: ", ")))"))
            } else if models.contains(where: { $0 == model.model || $0 == model.model + ":latest" || $0.hasSuffix("/" + model.model) }) {
                probe.lines.append((.pass, "language model", "\(model.model) is on the server"))
            } else if model.name == "ollama" {
                probe.lines.append((.fail, "language model", "\(model.model) is not on the server (ollama pull \(model.model)); it has: \(models.prefix(5).joined(separator: ", "))"))
                return probe
            } else {
                probe.lines.append((.warn, "language model", "\(model.model) is not in the server's list (\(models.prefix(5).joined(separator: ", ")))"))
            }
        } catch {
            probe.lines.append((.fail, "language model server", "unreachable or refused: \(error)"))
            return probe
        }
        let start = clock.now
        let first = Mutex<Double?>(nil)
        let text = Mutex("")
        do {
            try await withDeadline(deadline) {
                try await model.chat(ChatRequest(messages: [ChatMessage(.user, "Réponds seulement : oui.")], maxTokens: 8, temperature: 0)) { piece in
                    first.withLock { if $0 == nil { $0 = (clock.now - start).doctorMilliseconds } }
                    text.withLock { $0 += piece }
                    return true
                }
            }
            let total = (clock.now - start).doctorMilliseconds
            probe.firstTextMs = first.withLock { $0 }
            probe.totalMs = total
            let detail = "round trip \(Int(total)) ms (first text after \(Int(probe.firstTextMs ?? total)) ms): \"\(text.withLock { $0 }.prefix(40))\""
            let budget = timeout.doctorMilliseconds
            if (probe.firstTextMs ?? total) > budget {
                probe.lines.append((.warn, "language model round trip", detail + "; slower than LLM_TIMEOUT_MS=\(Int(budget)): calls will mostly use their fallback"))
            } else {
                probe.lines.append((.pass, "language model round trip", detail))
            }
        } catch {
            probe.lines.append((.fail, "language model round trip", "\(error)"))
        }
        return probe
    }

    static func withDeadline<T: Sendable>(_ deadline: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(for: deadline)
                throw LanguageModelError.timeout
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw LanguageModelError.timeout }
            return first
        }
    }
}

extension Duration {
    var doctorMilliseconds: Double { Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15 }
}
