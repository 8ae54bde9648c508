import Foundation

/// The columns the importer understands, recognised by header name whatever the case,
/// accents, spaces, dashes or underscores ("Téléphone", "TEL", "e-mail", "First Name").
enum ContactColumn: Hashable, Sendable {
    case phone, firstName, lastName, company, email, notes
    case legalBasis, consentDate, consentSource
    /// Any other column: a template variable named by `ContactColumn.variableName(_:)`.
    case variable(String)

    static let aliases: [String: ContactColumn] = {
        var table: [String: ContactColumn] = [:]
        let groups: [(ContactColumn, [String])] = [
            (.phone, ["phone", "telephone", "tel", "mobile", "portable", "numero", "phonenumber", "numerodetelephone",
                      "numtel", "gsm", "telephoneportable", "cellulaire", "msisdn"]),
            (.firstName, ["prenom", "firstname", "first", "givenname"]),
            (.lastName, ["nom", "lastname", "last", "nomdefamille", "surname", "familyname"]),
            (.company, ["societe", "entreprise", "company", "raisonsociale", "organisation", "organization"]),
            (.email, ["email", "mail", "courriel", "adressemail", "adresseemail"]),
            (.notes, ["notes", "note", "commentaire", "commentaires", "comment", "comments", "remarques"]),
            (.legalBasis, ["legalbasis", "baselegale", "basejuridique", "fondementlegal"]),
            (.consentDate, ["consentdate", "dateconsentement", "dateduconsentement", "datedeconsentement"]),
            (.consentSource, ["consentsource", "sourceconsentement", "sourceduconsentement", "originedeconsentement"]),
        ]
        for (column, names) in groups { for name in names { table[name] = column } }
        return table
    }()

    /// Lower-case, accent-free, letters and digits only: "Prénom " → "prenom".
    static func key(_ header: String) -> String {
        let folded = header.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive],
                                    locale: Locale(identifier: "fr_FR"))
        return String(String.UnicodeScalarView(folded.unicodeScalars.filter {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9")
        }))
    }

    /// snake_case name for an extra column: "Code Postal" → "code_postal".
    static func variableName(_ header: String) -> String {
        let folded = header.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "fr_FR"))
        var name = ""
        var pendingUnderscore = false
        for scalar in folded.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                if pendingUnderscore, !name.isEmpty { name.append("_") }
                pendingUnderscore = false
                name.unicodeScalars.append(scalar)
            } else {
                pendingUnderscore = true
            }
        }
        return name
    }

    /// Maps each header to a column; the first header naming a known column wins, later ones become variables.
    static func map(headers: [String]) -> [ContactColumn] {
        var seen: Set<ContactColumn> = []
        return headers.enumerated().map { index, header in
            if let column = aliases[key(header)], !seen.contains(column) {
                seen.insert(column)
                return column
            }
            let name = variableName(header)
            return .variable(name.isEmpty ? "column_\(index + 1)" : name)
        }
    }
}
