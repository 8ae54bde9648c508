import MiniBotLanguage

/// A call script: metadata, template variables, steps (in file order) and qualification rules.
///
/// Compatible with seed 000's JSON (`metadata`, `variables`, `steps`) and seed 001's
/// `qualification_rules`; unknown keys are kept in `extras` so a file survives a load/save
/// round trip. Steps are an ordered array because authors read scenarios top to bottom.
///
///     let scenario = try Scenario.decode(jsonText)
///     scenario.step("hello")?.messageText
public struct Scenario: Sendable, Equatable {
    public var metadata: ScenarioMetadata
    /// Template variables in file order; values may themselves be templates (`{{first_name}}`).
    public var variables: [ScenarioVariable]
    public var steps: [ScenarioStep] {
        didSet { rebuildIndex() }
    }
    public var qualificationRules: QualificationRules?
    /// Unknown top-level keys, kept for round trips.
    public var extras: [JSONField]

    private var index: [String: Int] = [:]

    public init(metadata: ScenarioMetadata, variables: [ScenarioVariable] = [], steps: [ScenarioStep],
                qualificationRules: QualificationRules? = nil, extras: [JSONField] = []) {
        self.metadata = metadata
        self.variables = variables
        self.steps = steps
        self.qualificationRules = qualificationRules
        self.extras = extras
        rebuildIndex()
    }

    private mutating func rebuildIndex() {
        var map: [String: Int] = [:]
        for (position, step) in steps.enumerated() where map[step.id] == nil {
            map[step.id] = position
        }
        index = map
    }

    /// The step with this id, if the scenario defines it.
    public func step(_ id: String) -> ScenarioStep? {
        index[id].map { steps[$0] }
    }

    /// Where a call starts: `metadata.start_step`, else `hello`, else the first step.
    public var startStepID: String? {
        if let start = metadata.startStep { return start }
        if step("hello") != nil { return "hello" }
        return steps.first?.id
    }

    /// Theme names for the objection matcher: `objections_energie` → `["energie"]`.
    public var objectionThemes: [String] {
        guard let file = metadata.themeFile, !file.isEmpty else { return [] }
        let theme = file.hasPrefix("objections_") ? String(file.dropFirst("objections_".count)) : file
        return [theme]
    }

    /// Scenario variables as a dictionary (first definition wins).
    public var variableDictionary: [String: String] {
        var result: [String: String] = [:]
        for variable in variables where result[variable.name] == nil {
            result[variable.name] = variable.value
        }
        return result
    }

    public static func == (lhs: Scenario, rhs: Scenario) -> Bool {
        lhs.metadata == rhs.metadata && lhs.variables == rhs.variables && lhs.steps == rhs.steps
            && lhs.qualificationRules == rhs.qualificationRules && lhs.extras == rhs.extras
    }
}

/// One `"name": "value"` entry of the scenario's `variables`.
public struct ScenarioVariable: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// The scenario's `metadata` object (seed 000 §4.2), plus inbound timings (seed 004).
public struct ScenarioMetadata: Sendable, Equatable {
    public var name: String
    public var description: String?
    public var version: String?
    /// Objection database, `objections_<theme>` as in seed 000.
    public var themeFile: String?
    public var voice: String?
    public var bargeInDefault: Bool?
    public var objective: String?
    /// Seed 001's autonomous agent mode: objections and questions get matcher/LLM answers.
    public var agentMode: Bool?
    /// First step; defaults to `hello`, then the first step in the file.
    public var startStep: String?
    /// Inbound: seconds of caller silence before "Allô, vous êtes toujours là ?" (seed 004: 8).
    public var silenceWarningTimeout: Double?
    /// Inbound: seconds of caller silence before hanging up (seed 004: 15).
    public var silenceHangupTimeout: Double?
    /// Hard cap on call length in seconds (seed 004: 600); enforced by the runner's clock.
    public var maxCallDuration: Double?
    /// Unknown metadata keys, kept for round trips.
    public var extras: [JSONField]

    public init(name: String, description: String? = nil, version: String? = nil, themeFile: String? = nil,
                voice: String? = nil, bargeInDefault: Bool? = nil, objective: String? = nil, agentMode: Bool? = nil,
                startStep: String? = nil, silenceWarningTimeout: Double? = nil, silenceHangupTimeout: Double? = nil,
                maxCallDuration: Double? = nil, extras: [JSONField] = []) {
        self.name = name
        self.description = description
        self.version = version
        self.themeFile = themeFile
        self.voice = voice
        self.bargeInDefault = bargeInDefault
        self.objective = objective
        self.agentMode = agentMode
        self.startStep = startStep
        self.silenceWarningTimeout = silenceWarningTimeout
        self.silenceHangupTimeout = silenceHangupTimeout
        self.maxCallDuration = maxCallDuration
        self.extras = extras
    }
}

/// Seed 001's cumulative qualification: weights per step (counted when the caller affirms
/// on that step), normalised to 100; LEAD when the score reaches `leadThreshold`.
///
///     QualificationRules(leadThreshold: 70, scoringWeights: [.init("Q1", 30), .init("Q2", 30), .init("Is_Leads", 40)])
public struct QualificationRules: Sendable, Equatable {
    public var leadThreshold: Double
    public var scoringWeights: [StepWeight]

    public init(leadThreshold: Double = 70, scoringWeights: [StepWeight] = []) {
        self.leadThreshold = leadThreshold
        self.scoringWeights = scoringWeights
    }

    /// Weights scaled so they sum to 100 (empty when the sum is not positive).
    public var normalisedWeights: [String: Double] {
        let total = scoringWeights.reduce(0) { $0 + max(0, $1.weight) }
        guard total > 0 else { return [:] }
        var result: [String: Double] = [:]
        for item in scoringWeights where result[item.stepID] == nil {
            result[item.stepID] = max(0, item.weight) * 100 / total
        }
        return result
    }
}

/// One entry of `scoring_weights`.
public struct StepWeight: Sendable, Equatable {
    public var stepID: String
    public var weight: Double

    public init(_ stepID: String, _ weight: Double) {
        self.stepID = stepID
        self.weight = weight
    }
}
