/// One problem found in a scenario: where (JSON path), how bad, and a plain English sentence.
///
///     error   steps.hello.intent_mapping.deny: "retry_hello" is not a step
public struct ValidationIssue: Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Equatable, Comparable {
        /// The scenario would misbehave on a call; `scenario validate` exits non-zero.
        case error
        /// Suspicious but playable (unreachable step, missing audio with a TTS fallback…).
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    /// What kind of check found it, for tools and tests.
    public enum Kind: String, Sendable, Equatable {
        case unknownTarget, unknownIntent, unreachableStep, noWayOut, missingAudio, invalidAudioType
        case invalidWeight, unknownWeightStep, invalidThreshold, cycleWithoutExit, missingStartStep
        case invalidValue, unknownVariable, unknownResult, determinant
    }

    public var severity: Severity
    public var kind: Kind
    public var path: String
    public var message: String

    public init(_ severity: Severity, _ kind: Kind, path: String, _ message: String) {
        self.severity = severity
        self.kind = kind
        self.path = path
        self.message = message
    }

    public var description: String { "\(severity.rawValue)\t\(path): \(message)" }
}

/// All issues of one validation run.
public struct ValidationReport: Sendable, Equatable {
    public var issues: [ValidationIssue]

    public var errors: [ValidationIssue] { issues.filter { $0.severity == .error } }
    public var warnings: [ValidationIssue] { issues.filter { $0.severity == .warning } }
    /// No errors (warnings allowed).
    public var isValid: Bool { errors.isEmpty }
}
