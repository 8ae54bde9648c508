/// Why a contact's legal-basis columns (or an API call's variables) do not say a usable basis.
public struct LegalBasisProblem: Error, Hashable, Sendable {
    /// `legal_basis` or `consent_date`: the field to name in the error.
    public var field: String
    /// The text that was refused.
    public var value: String
    public var reason: String
}

extension LegalBasis {
    /// The one reading of `legal_basis` (consent/consentement/opt-in, contract/contrat/client, any case),
    /// `consent_date` (YYYY-MM-DD or DD/MM/YYYY) and `consent_source`, for the CSV importer and the API.
    /// Empty fields say nothing (nil); a consent date alone implies consent.
    ///
    /// ```swift
    /// LegalBasis.parse(kind: "Contrat", consentDate: "", source: "")          // .success(.contract)
    /// LegalBasis.parse(kind: "", consentDate: "2025-03-01", source: "web")    // .success(consent on 2025-03-01)
    /// ```
    public static func parse(kind: String, consentDate date: String, source: String) -> Result<LegalBasis?, LegalBasisProblem> {
        var consentDate: CalendarDay?
        if !date.isEmpty {
            guard let parsed = CalendarDay.parse(utf8: date.utf8) else {
                return .failure(LegalBasisProblem(field: "consent_date", value: date,
                                                  reason: "invalid consent_date (expected YYYY-MM-DD or DD/MM/YYYY)"))
            }
            consentDate = parsed
        }
        let basisKind: Kind
        switch kind.lowercased() {
        case "":
            guard consentDate != nil || !source.isEmpty else { return .success(nil) }
            basisKind = .consent
        case "consent", "consentement", "opt-in", "optin": basisKind = .consent
        case "contract", "contrat", "client": basisKind = .contract
        default:
            return .failure(LegalBasisProblem(field: "legal_basis", value: kind,
                                              reason: "unknown legal_basis (expected consent/consentement or contract/contrat)"))
        }
        return .success(LegalBasis(kind: basisKind, consentDate: consentDate, consentSource: source.isEmpty ? nil : source))
    }
}
