import Synchronization

/// Counts normalisations in the current task, so a test can prove the call path normalises each
/// utterance once (the NLU computes intent, objection and sentiment from one token list).
///
/// ```swift
/// let audit = NormalizationAudit()
/// FrenchNormalizer.$audit.withValue(audit) { _ = nlu.understand("oui", themes: []) }
/// audit.normalizations   // 1
/// ```
public final class NormalizationAudit: Sendable {
    private let counter = Atomic<Int>(0)

    public init() {}

    public var normalizations: Int { counter.load(ordering: .relaxed) }

    func count() { counter.add(1, ordering: .relaxed) }
}

extension FrenchNormalizer {
    /// Nil outside tests: reading an unset task-local costs a few nanoseconds per utterance.
    @TaskLocal public static var audit: NormalizationAudit?
}
