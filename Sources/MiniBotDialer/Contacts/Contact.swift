/// One person to call, as imported from a contacts file.
///
/// The named fields are the seed's columns; every other column of the file lands in
/// `variables` so scenarios can say "{{ville}}" without a schema change.
///
/// ```swift
/// let jean = Contact(phone: try PhoneNumber(parsing: "0612345678"), firstName: "Jean",
///                    legalBasis: .consent(on: CalendarDay(year: 2026, month: 3, day: 1), source: "salon"))
/// ```
public struct Contact: Hashable, Sendable, Codable {
    public var phone: PhoneNumber
    public var firstName: String
    public var lastName: String
    public var company: String
    public var email: String
    public var notes: String
    /// Extra columns, keyed by their header in snake_case ("Code postal" → "code_postal").
    public var variables: [String: String]
    /// Why we may call this person since 11 August 2026; nil when the file gave none.
    public var legalBasis: LegalBasis?
    /// 1-based physical line of the row that first introduced the contact (0 when not imported from a file).
    public var sourceLine: Int

    public init(phone: PhoneNumber, firstName: String = "", lastName: String = "", company: String = "",
                email: String = "", notes: String = "", variables: [String: String] = [:],
                legalBasis: LegalBasis? = nil, sourceLine: Int = 0) {
        self.phone = phone
        self.firstName = firstName
        self.lastName = lastName
        self.company = company
        self.email = email
        self.notes = notes
        self.variables = variables
        self.legalBasis = legalBasis
        self.sourceLine = sourceLine
    }

    /// Fills this contact's blank fields from a later duplicate row (the first non-empty value wins).
    public mutating func fillBlanks(from other: Contact) {
        if firstName.isEmpty { firstName = other.firstName }
        if lastName.isEmpty { lastName = other.lastName }
        if company.isEmpty { company = other.company }
        if email.isEmpty { email = other.email }
        if notes.isEmpty { notes = other.notes }
        for (key, value) in other.variables where !value.isEmpty && (variables[key] ?? "").isEmpty {
            variables[key] = value
        }
        if legalBasis == nil { legalBasis = other.legalBasis }
    }
}

/// The legal ground for calling a consumer (French law n° 2025-594, in force 11 August 2026):
/// prior consent recorded with its date and source, or an existing contract.
///
/// ```swift
/// LegalBasis.contract.isSufficient                                  // true
/// LegalBasis(kind: .consent, consentDate: nil).isSufficient         // false: undated consent proves nothing
/// ```
public struct LegalBasis: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case consent, contract
    }
    public var kind: Kind
    public var consentDate: CalendarDay?
    public var consentSource: String?

    public init(kind: Kind, consentDate: CalendarDay? = nil, consentSource: String? = nil) {
        self.kind = kind
        self.consentDate = consentDate
        self.consentSource = consentSource
    }

    public static let contract = LegalBasis(kind: .contract)

    public static func consent(on date: CalendarDay, source: String? = nil) -> LegalBasis {
        LegalBasis(kind: .consent, consentDate: date, consentSource: source)
    }

    /// A contract always counts; a consent counts only when its date was recorded.
    public var isSufficient: Bool {
        switch kind {
        case .contract: true
        case .consent: consentDate != nil
        }
    }

    enum CodingKeys: String, CodingKey {
        case kind, consentDate = "consent_date", consentSource = "consent_source"
    }
}
