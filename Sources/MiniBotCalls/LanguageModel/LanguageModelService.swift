import MiniBotLanguage
import MiniBotSpeech
import Synchronization

/// Runs one ``LanguageModelJob`` against a ``LanguageModel`` under the call's latency budget, and
/// reports what happened as ``LanguageModelEvent``s — the thin, timed shell around the pure parts
/// (``SentenceAssembler``, ``ReplyShaper``, ``IntentLabelPrompt``).
///
/// - The first sentence (or the label) must arrive within `timeout` (`LLM_TIMEOUT_MS`); otherwise the
///   job fails with "timeout" at that moment and the request is cancelled: the call plays its local
///   fallback and never waits longer.
/// - Once a sentence was spoken, the rest of the answer has until `answerBudget`; what was said stands.
/// - Exactly one `finished` or `failed` per job; nothing is emitted after it.
/// - Successful freestyle answers are cached by ``LanguageModelJob/cacheKey`` (same question, same answer,
///   no model call).
/// ```swift
/// let service = LanguageModelService(model: model, timeout: .milliseconds(1_500))
/// await service.run(job) { event in inputs.yield(.languageModel(event)) }
/// ```
public struct LanguageModelService: Sendable {
    public let model: any LanguageModel
    public let timeout: Duration
    /// Total time an answer may take once its first sentence is out.
    public let answerBudget: Duration
    public let cache: AnswerCache

    public init(model: any LanguageModel, timeout: Duration, answerBudget: Duration? = nil, cache: AnswerCache = AnswerCache()) {
        self.model = model
        self.timeout = timeout
        self.answerBudget = answerBudget ?? max(timeout * 4, .seconds(3))
        self.cache = cache
    }

    public func run(_ job: LanguageModelJob, emit: @escaping @Sendable (LanguageModelEvent) -> Void) async {
        let clock = ContinuousClock()
        let start = clock.now
        let elapsed: @Sendable () -> Double = { (clock.now - start).milliseconds }
        if let key = job.cacheKey, let sentences = cache.answer(for: key) {
            for sentence in sentences { emit(.sentence(job: job.id, text: sentence)) }
            emit(.finished(job: job.id, latencyMs: elapsed(), firstSentenceMs: elapsed(), cached: true))
            return
        }
        let gate = JobGate(emit: emit)
        let model = self.model, timeout = self.timeout, budget = self.answerBudget, cache = self.cache
        let request = ChatRequest(messages: job.messages, maxTokens: job.purpose == .intent ? IntentLabelPrompt.maxTokens : job.maxTokens,
                                  temperature: job.purpose == .intent ? 0 : 0.3)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                let outcome = await Self.generate(job, request: request, model: model, gate: gate, elapsed: elapsed)
                switch outcome {
                case .success(let spoken):
                    if job.purpose != .intent, spoken.isEmpty {
                        gate.finish(.failed(job: job.id, reason: "empty answer", latencyMs: elapsed()))
                    } else if gate.finish(.finished(job: job.id, latencyMs: elapsed(), firstSentenceMs: gate.firstMs, cached: false)),
                              let key = job.cacheKey, !spoken.isEmpty {
                        cache.store(spoken, for: key)
                    }
                case .failure(let reason):
                    gate.finish(.failed(job: job.id, reason: reason, latencyMs: elapsed()))
                }
            }
            group.addTask {
                // The watchdog: no first sentence in time → fallback now; a slow tail → keep what was said.
                do { try await clock.sleep(until: start + timeout) } catch { return }
                guard gate.firstMs != nil else {
                    gate.finish(.failed(job: job.id, reason: "timeout", latencyMs: elapsed()))
                    return
                }
                do { try await clock.sleep(until: start + budget) } catch { return }
                gate.finish(.finished(job: job.id, latencyMs: elapsed(), firstSentenceMs: gate.firstMs, cached: false))
            }
            _ = await group.next()
            group.cancelAll()
        }
    }

    enum Outcome {
        case success([String])
        case failure(String)
    }

    static func generate(_ job: LanguageModelJob, request: ChatRequest, model: any LanguageModel, gate: JobGate,
                         elapsed: @escaping @Sendable () -> Double) async -> Outcome {
        let state = Mutex(StreamState(policy: job.policy))
        do {
            try await model.chat(request) { piece in
                if job.purpose == .intent {
                    return state.withLock { state in
                        state.label += piece
                        return state.label.count < 64
                    }
                }
                let speak: [String] = state.withLock { state in
                    var out: [String] = []
                    for sentence in state.assembler.append(piece) {
                        if case .speak(let text) = state.shaper.accept(sentence) { out.append(text) }
                    }
                    return out
                }
                for text in speak { gate.send(.sentence(job: job.id, text: text), at: elapsed()) }
                return !state.withLock { $0.shaper.isClosed }
            }
        } catch let error as LanguageModelError {
            return .failure(error.kind + ": " + error.description)
        } catch is CancellationError {
            return .failure("cancelled")
        } catch {
            return .failure("\(error)")
        }
        if job.purpose == .intent {
            let label = state.withLock { $0.label }
            gate.send(.label(job: job.id, text: label), at: elapsed())
            return .success([label])
        }
        let tail: [String] = state.withLock { state in
            guard !state.shaper.isClosed, let rest = state.assembler.finish(), case .speak(let text) = state.shaper.accept(rest) else { return [] }
            return [text]
        }
        for text in tail { gate.send(.sentence(job: job.id, text: text), at: elapsed()) }
        return .success(state.withLock { $0.shaper.spoken })
    }

    struct StreamState {
        var assembler = SentenceAssembler()
        var shaper: ReplyShaper
        var label = ""

        init(policy: ReplyPolicy) {
            shaper = ReplyShaper(policy: policy)
        }
    }
}

/// Lets a job's events out until its one terminal event, never after: the stream and the watchdog race
/// to end a job, and the loser must stay silent.
final class JobGate: Sendable {
    private struct State {
        var closed = false
        var firstMs: Double?
    }

    private let state = Mutex(State())
    private let emit: @Sendable (LanguageModelEvent) -> Void

    init(emit: @escaping @Sendable (LanguageModelEvent) -> Void) {
        self.emit = emit
    }

    var firstMs: Double? { state.withLock { $0.firstMs } }

    func send(_ event: LanguageModelEvent, at ms: Double) {
        state.withLock { state in
            guard !state.closed else { return }
            if state.firstMs == nil { state.firstMs = ms }
            emit(event)
        }
    }

    @discardableResult
    func finish(_ event: LanguageModelEvent) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.closed = true
            emit(event)
            return true
        }
    }
}

/// Freestyle answers by normalised question, shared by every call of a process: the same objection
/// heard twice costs one model call. Bounded: the oldest half is dropped when full.
public final class AnswerCache: Sendable {
    private struct State {
        var answers: [String: [String]] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int = 1_000) {
        self.capacity = capacity
    }

    public func answer(for key: String) -> [String]? {
        state.withLock { $0.answers[key] }
    }

    public func store(_ sentences: [String], for key: String) {
        state.withLock { state in
            if state.answers.updateValue(sentences, forKey: key) == nil { state.order.append(key) }
            if state.order.count > capacity {
                let dropped = state.order.prefix(state.order.count / 2)
                for key in dropped { state.answers.removeValue(forKey: key) }
                state.order.removeFirst(dropped.count)
            }
        }
    }

    public var count: Int { state.withLock { $0.answers.count } }
}
