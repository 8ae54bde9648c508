/// The rules one campaign is dialled under. `CompliancePolicy.france` is the law in
/// force (Décret 2022-1313, Code de la consommation L223-1 ff., Loi 2020-901, and the
/// prior-consent rule of 11 August 2026); campaigns abroad or B2B campaigns override
/// fields in their JSON/YAML. Missing keys take the French default, so
/// `{"sector":"energy_renovation"}` is a complete policy.
///
/// ```swift
/// var policy = CompliancePolicy.france
/// policy.sector = .energyRenovation     // only contacts under contract will be called
/// ```
public struct CompliancePolicy: Hashable, Sendable, Codable {
    /// IANA zone the windows and holidays are read in.
    public var timeZone: String
    public var windows: WeeklyWindows
    /// Never call on French public holidays.
    public var skipPublicHolidays: Bool
    /// Add Good Friday and 26 December (Alsace-Moselle).
    public var alsaceMoselleHolidays: Bool
    /// At most this many calls per contact in `capPeriodDays` (nil: no cap).
    public var maxCallsPerPeriod: Int?
    public var capPeriodDays: Int
    /// Days without a new call after a refusal (`not_interested`); nil: no cooldown.
    public var refusalCooldownDays: Int?
    /// Check the opposition list (Bloctel) before every call.
    public var checkOppositionList: Bool
    /// L223-1: the opposition list does not apply to contacts under an existing contract.
    public var contractsExemptFromOppositionList: Bool
    /// From this day on, contacts need a recorded legal basis (nil: never required).
    public var legalBasisRequiredFrom: CalendarDay?
    public var sector: CampaignSector

    public init(timeZone: String = "Europe/Paris", windows: WeeklyWindows = .franceDecree2022,
                skipPublicHolidays: Bool = true, alsaceMoselleHolidays: Bool = false,
                maxCallsPerPeriod: Int? = 4, capPeriodDays: Int = 30, refusalCooldownDays: Int? = 60,
                checkOppositionList: Bool = true, contractsExemptFromOppositionList: Bool = true,
                legalBasisRequiredFrom: CalendarDay? = CalendarDay(year: 2026, month: 8, day: 11),
                sector: CampaignSector = .general) {
        self.timeZone = timeZone
        self.windows = windows
        self.skipPublicHolidays = skipPublicHolidays
        self.alsaceMoselleHolidays = alsaceMoselleHolidays
        self.maxCallsPerPeriod = maxCallsPerPeriod
        self.capPeriodDays = capPeriodDays
        self.refusalCooldownDays = refusalCooldownDays
        self.checkOppositionList = checkOppositionList
        self.contractsExemptFromOppositionList = contractsExemptFromOppositionList
        self.legalBasisRequiredFrom = legalBasisRequiredFrom
        self.sector = sector
    }

    /// French law as of 2026.
    public static let france = CompliancePolicy()

    enum CodingKeys: String, CodingKey {
        case timeZone = "time_zone", windows, skipPublicHolidays = "skip_public_holidays"
        case alsaceMoselleHolidays = "alsace_moselle_holidays", maxCallsPerPeriod = "max_calls_per_period"
        case capPeriodDays = "cap_period_days", refusalCooldownDays = "refusal_cooldown_days"
        case checkOppositionList = "check_opposition_list"
        case contractsExemptFromOppositionList = "contracts_exempt_from_opposition_list"
        case legalBasisRequiredFrom = "legal_basis_required_from", sector
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = CompliancePolicy.france
        timeZone = try c.decodeIfPresent(String.self, forKey: .timeZone) ?? d.timeZone
        windows = try c.decodeIfPresent(WeeklyWindows.self, forKey: .windows) ?? d.windows
        skipPublicHolidays = try c.decodeIfPresent(Bool.self, forKey: .skipPublicHolidays) ?? d.skipPublicHolidays
        alsaceMoselleHolidays = try c.decodeIfPresent(Bool.self, forKey: .alsaceMoselleHolidays) ?? d.alsaceMoselleHolidays
        maxCallsPerPeriod = c.contains(.maxCallsPerPeriod)
            ? try c.decodeIfPresent(Int.self, forKey: .maxCallsPerPeriod) : d.maxCallsPerPeriod
        capPeriodDays = try c.decodeIfPresent(Int.self, forKey: .capPeriodDays) ?? d.capPeriodDays
        refusalCooldownDays = c.contains(.refusalCooldownDays)
            ? try c.decodeIfPresent(Int.self, forKey: .refusalCooldownDays) : d.refusalCooldownDays
        checkOppositionList = try c.decodeIfPresent(Bool.self, forKey: .checkOppositionList) ?? d.checkOppositionList
        contractsExemptFromOppositionList = try c.decodeIfPresent(Bool.self, forKey: .contractsExemptFromOppositionList)
            ?? d.contractsExemptFromOppositionList
        legalBasisRequiredFrom = c.contains(.legalBasisRequiredFrom)
            ? try c.decodeIfPresent(CalendarDay.self, forKey: .legalBasisRequiredFrom) : d.legalBasisRequiredFrom
        sector = try c.decodeIfPresent(CampaignSector.self, forKey: .sector) ?? d.sector
        if let cap = maxCallsPerPeriod, cap < 1 {
            throw DecodingError.dataCorruptedError(forKey: .maxCallsPerPeriod, in: c, debugDescription: "must be ≥ 1 or null")
        }
        if capPeriodDays < 1 {
            throw DecodingError.dataCorruptedError(forKey: .capPeriodDays, in: c, debugDescription: "must be ≥ 1")
        }
    }
}

/// The trade a campaign sells for; some trades carry their own bans.
public enum CampaignSector: String, Hashable, Sendable, Codable {
    case general
    /// Loi 2020-901: cold calls for energy-renovation work are banned; only existing customers may be called.
    case energyRenovation = "energy_renovation"
}
