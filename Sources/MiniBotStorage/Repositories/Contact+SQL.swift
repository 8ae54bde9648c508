import Foundation
import MiniBotDialer

/// Row mapping of `Contact` (table `contacts`).
extension Contact {
    /// Insert columns, in bind order.
    static let sqlColumns = ["phone", "first_name", "last_name", "company", "email", "notes", "variables",
                             "legal_basis_kind", "consent_date", "consent_source", "source_line",
                             "created_at", "updated_at"]

    func sqlBinds(now: Date) throws(StorageError) -> [SQLValue] {
        let variablesJSON = variables.isEmpty ? "{}" : try JSONText.encode(variables)
        return [.text(phone.e164), .text(firstName), .text(lastName), .text(company), .text(email), .text(notes),
                .text(variablesJSON), .optionalText(legalBasis?.kind.rawValue),
                .optionalText(legalBasis?.consentDate?.description), .optionalText(legalBasis?.consentSource),
                .int(sourceLine), .date(now), .date(now)]
    }

    init(row: SQLRow) throws(StorageError) {
        let e164 = try row.string("phone")
        let phone: PhoneNumber
        do {
            phone = try PhoneNumber(e164: e164)
        } catch {
            throw row.corrupt("phone", "not an E.164 number: \(error.reason)")
        }
        var basis: LegalBasis? = nil
        if let kind = try row.optionalEnum("legal_basis_kind", as: LegalBasis.Kind.self) {
            var day: CalendarDay? = nil
            if let text = try row.optionalString("consent_date") {
                guard let parsed = CalendarDay(iso: text) else { throw row.corrupt("consent_date", "not YYYY-MM-DD") }
                day = parsed
            }
            basis = LegalBasis(kind: kind, consentDate: day, consentSource: try row.optionalString("consent_source"))
        }
        let variablesText = try row.string("variables")
        let variables = variablesText == "{}" ? [:] : try row.json("variables", as: [String: String].self)
        self.init(phone: phone, firstName: try row.string("first_name"), lastName: try row.string("last_name"),
                  company: try row.string("company"), email: try row.string("email"), notes: try row.string("notes"),
                  variables: variables, legalBasis: basis, sourceLine: Int(try row.int("source_line")))
    }
}

/// A contact as stored, with what the dialer learnt about it (for `contacts export --status`).
///
/// ```swift
/// for stored in try await db.contacts.storedContacts(matching: .init(statuses: [.lead]), afterID: 0, limit: 1000) { … }
/// ```
public struct StoredContact: Hashable, Sendable {
    public var id: Int64
    public var contact: Contact
    public var status: ContactStatus
    public var attempts: Int
    public var lastAttemptAt: Date?
    public var createdAt: Date
    public var updatedAt: Date

    init(row: SQLRow) throws(StorageError) {
        id = try row.int("id")
        contact = try Contact(row: row)
        status = try row.enumValue("status", as: ContactStatus.self)
        attempts = Int(try row.int("attempts"))
        lastAttemptAt = try row.optionalDate("last_attempt_at")
        createdAt = try row.date("created_at")
        updatedAt = try row.date("updated_at")
    }
}
